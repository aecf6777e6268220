/**
 * Public API of support-bot's natural-language understanding. Plain strings and objects
 * in and out: no HTTP, no database, no Bot Framework types.
 */
export { Nlu, type Understanding } from './nlu';
export { type Entity, extractEntities } from './entities';
export { DEMO_ORDER_NUMBER_FORMATS, OrderNumberFormats, type OrderNumberMatch, orderNumberFormatsProblem } from './order-numbers';
export { ProductCatalogue, type ProductMatch, readProductCatalogue } from './product-catalogue';
export {
  DEMO_PRODUCT_CATALOGUE,
  DEMO_SHOP_VOCABULARY,
  demoShopVocabulary,
  loadShopVocabulary,
  type ShopVocabulary,
  type ShopVocabularySource,
} from './shop-vocabulary';
export { sentimentScore } from './sentiment';
export { IntentModel, type IntentPrediction, type IntentScore } from './intent-model';
export { type TrainOptions, defaultTrainOptions, trainIntentModel, trainOptionsOf } from './train-intent-model';
export { type EvalReport, evaluatePredictions, macroF1, predictLabels } from './evaluate';
export { type LabelledText, oosLabel, parseLabelledCsv, readLabelledCsv } from './training-data';
export { InputError } from './input-error';
export { type NluCliIo, nluUsage, runNluCli } from './cli';
