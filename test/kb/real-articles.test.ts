import { expect } from 'chai';
import { articlesDir } from '../../bot/paths';
import { loadArticleFiles } from '../../kb/article';

/** The fixed article table of the shop (id → intents the article answers). */
const expectedArticles: Record<string, string[]> = {
  'cancel-an-order': ['cancel_order'],
  'cancel-after-shipping': ['cancel_order'],
  'cancellation-fees': ['check_cancellation_fee'],
  'change-order-items': ['change_order'],
  'change-size-or-colour': ['change_order'],
  'change-delivery-address': ['change_shipping_address'],
  'saved-addresses': ['set_up_shipping_address'],
  'view-invoice': ['check_invoice'],
  'invoice-corrections': ['check_invoice'],
  'download-invoice': ['get_invoice'],
  'business-invoice': ['get_invoice'],
  'payment-methods': ['check_payment_methods'],
  'klarna-pay-in-3': ['check_payment_methods'],
  'payment-declined': ['payment_issue'],
  'charged-twice': ['payment_issue'],
  'refund-policy': ['check_refund_policy'],
  'request-a-refund': ['get_refund'],
  'refund-timeline': ['track_refund'],
  'refund-not-received': ['track_refund'],
  'return-an-item': ['return_item'],
  'exchange-an-item': ['return_item'],
  'return-label': ['return_item'],
  'non-returnable-items': ['return_item', 'check_refund_policy'],
  'product-troubleshooting': ['product_issue'],
  'warranty-claims': ['product_issue'],
  'damaged-or-wrong-item': ['product_issue'],
  'track-your-order': ['track_order'],
  'order-not-arrived': ['track_order'],
  'order-statuses': ['track_order'],
  'delivery-options': ['delivery_options'],
  'express-and-pickup': ['delivery_options'],
  'delivery-times': ['delivery_period'],
  'place-an-order': ['place_order'],
  'discount-codes': ['place_order'],
  'create-account': ['create_account'],
  'edit-account': ['edit_account'],
  'switch-account': ['switch_account'],
  'delete-account': ['delete_account'],
  'reset-password': ['recover_password'],
  'registration-problems': ['registration_problems'],
  newsletter: ['newsletter_subscription'],
  'write-a-review': ['review'],
  'contact-us': ['contact_customer_service'],
  complaints: ['complaint'],
};

describe('kb/articles (the shipped knowledge base)', () => {
  const articles = loadArticleFiles(articlesDir);

  it('loads without a broken file', () => {
    expect(articles.length).to.be.greaterThan(0);
  });

  it('contains every article id of the table', () => {
    const missing = Object.keys(expectedArticles).filter((id) => !articles.some((article) => article.id === id));
    expect(missing, 'articles missing from kb/articles').to.deep.equal([]);
  });

  it('gives every article of the table the intents of the table', () => {
    for (const article of articles.filter((candidate) => candidate.id in expectedArticles)) {
      const expected = [...expectedArticles[article.id]].sort();
      expect([...article.intents].sort(), `intents of ${article.id}`).to.deep.equal(expected);
    }
  });

  it('gives every article a non-empty body', () => {
    const empty = articles.filter((article) => article.body.trim() === '').map((article) => article.id);
    expect(empty, 'articles without body').to.deep.equal([]);
  });
});
