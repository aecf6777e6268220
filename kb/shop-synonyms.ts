import { SynonymMap } from './synonym-map';

/**
 * The shop's customer vocabulary: words customers use for the same thing as the articles.
 * Kept small on purpose; every group was added for phrasing customers really use.
 */
export const shopSynonymGroups: ReadonlyArray<ReadonlyArray<string>> = [
  ['parcel', 'package', 'shipment', 'order'],
  ['buy', 'purchase', 'order'],
  ['refund', 'reimburse', 'reimbursed', 'reimbursement', 'money back', 'repay'],
  ['broken', 'faulty', 'defective', 'malfunction', 'not working', 'not work', 'stopped working', 'not turn on', 'not charge'],
  ['damaged', 'smashed', 'crushed', 'dented', 'cracked', 'shattered'],
  ['wrong', 'incorrect', 'mistake', 'error'],
  ['cancel', 'call off', 'abort'],
  ['return', 'send back', 'bring back'],
  ['exchange', 'swap'],
  ['invoice', 'bill', 'receipt'],
  ['copy', 'duplicate', 'download'],
  ['password', 'passcode'],
  ['account', 'profile'],
  ['register', 'registration', 'registering', 'sign up', 'signup', 'create account'],
  ['sign in', 'log in', 'login', 'signin'],
  ['delete', 'erase', 'close account'],
  ['discount', 'voucher', 'coupon', 'promo', 'promo code'],
  ['instalment', 'installment', 'pay later', 'split', 'klarna'],
  ['delivery', 'deliver', 'delivered', 'shipping', 'ship', 'dispatch'],
  ['track', 'tracking', 'trace', 'follow'],
  ['lost', 'missing', 'never arrived', 'not arrived', 'not arrive', 'not received'],
  ['complaint', 'complain'],
  ['contact', 'reach', 'customer service', 'get in touch', 'support'],
  ['newsletter', 'mailing list', 'marketing email', 'unsubscribe', 'subscribe'],
  ['review', 'rate', 'rating'],
  ['warranty', 'guarantee', 'repair'],
  ['colour', 'color'],
  ['declined', 'rejected', 'refused', 'failed', 'denied', 'not go through'],
  ['charged twice', 'double charge', 'billed twice', 'charged two times', 'charged 2 times', 'duplicate charge'],
  ['express', 'next day', 'tomorrow'],
  ['pickup', 'pick up', 'collect', 'collection point'],
  ['fee', 'cost', 'charge', 'price'],
  ['email', 'mail'],
  ['item', 'product'],
  ['change', 'modify', 'edit', 'update', 'amend'],
  ['vat', 'tax'],
  ['company', 'business', 'firm'],
  ['verification', 'verify', 'confirmation', 'activation'],
];

/** {@link SynonymMap} over {@link shopSynonymGroups}. */
export const shopSynonyms = new SynonymMap(shopSynonymGroups);
