/** Short customer-facing names of the intents, for "did you mean …?" buttons. */
export const INTENT_LABELS: Record<string, string> = {
  cancel_order: 'Cancel an order',
  change_order: 'Change an order',
  change_shipping_address: 'Change the delivery address',
  set_up_shipping_address: 'Saved addresses',
  check_cancellation_fee: 'Cancellation fees',
  check_invoice: 'Check an invoice',
  get_invoice: 'Get an invoice',
  check_payment_methods: 'Payment methods',
  payment_issue: 'A payment problem',
  check_refund_policy: 'Refund policy',
  get_refund: 'Get a refund',
  track_refund: 'Refund status',
  return_item: 'Return an item',
  product_issue: 'A faulty product',
  track_order: 'Track my order',
  delivery_options: 'Delivery options',
  delivery_period: 'Delivery times',
  place_order: 'Placing an order',
  create_account: 'Create an account',
  edit_account: 'Edit my account',
  switch_account: 'Switch accounts',
  delete_account: 'Delete my account',
  recover_password: 'Reset my password',
  registration_problems: 'Problems signing up',
  newsletter_subscription: 'Newsletter',
  review: 'Write a review',
  complaint: 'Make a complaint',
  contact_customer_service: 'Contact customer service',
  contact_human_agent: 'Talk to a person',
};

/** The label of an intent, or the intent name made readable. */
export function intentLabel(intent: string): string {
  return INTENT_LABELS[intent] ?? intent.replace(/_/g, ' ');
}

/** Intents whose route is "KB, then ticket": a "No" or a second miss opens a ticket. */
export const KB_THEN_TICKET = new Set([
  'cancel_order',
  'change_order',
  'change_shipping_address',
  'payment_issue',
  'get_refund',
  'track_refund',
  'product_issue',
  'track_order',
  'delete_account',
]);
