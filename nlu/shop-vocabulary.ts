import path from 'node:path';
import { projectRoot } from '../common/project-root';
import { DEMO_ORDER_NUMBER_FORMATS, OrderNumberFormats } from './order-numbers';
import { type ProductCatalogue, readProductCatalogue } from './product-catalogue';

/** The demo shop's product list (`PRODUCT_CATALOGUE` names another). */
export const DEMO_PRODUCT_CATALOGUE = path.join(projectRoot, 'nlu', 'data', 'products.txt');

/** Where a shop's vocabulary comes from: plain data, so it can be sent to an NLU worker thread. */
export interface ShopVocabularySource {
  /** Order number masks, canonical first (see nlu/order-numbers.ts). */
  orderNumberFormats: readonly string[];
  /** The product list file. */
  productCatalogueFile: string;
}

/** What the entity extractor knows of one shop: its order number formats and its products. */
export interface ShopVocabulary {
  orderNumbers: OrderNumberFormats;
  products: ProductCatalogue;
}

/** The demo shop's vocabulary source. */
export const DEMO_SHOP_VOCABULARY: ShopVocabularySource = {
  orderNumberFormats: DEMO_ORDER_NUMBER_FORMATS,
  productCatalogueFile: DEMO_PRODUCT_CATALOGUE,
};

/** Reads the catalogue file and compiles the order number formats. */
export function loadShopVocabulary(source: ShopVocabularySource): ShopVocabulary {
  return { orderNumbers: new OrderNumberFormats(source.orderNumberFormats), products: readProductCatalogue(source.productCatalogueFile) };
}

let demo: ShopVocabulary | undefined;

/** The demo shop's vocabulary, loaded on first use. */
export function demoShopVocabulary(): ShopVocabulary {
  demo ??= loadShopVocabulary(DEMO_SHOP_VOCABULARY);
  return demo;
}
