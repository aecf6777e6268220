/** How the product routes an intent (DESIGN.md, "Intents and routes"). */
export type DemoRoute = 'kb' | 'kb-then-ticket' | 'ticket' | 'handoff';

/** One intent of the shop's taxonomy with how often customers ask it and where it goes. */
export interface DemoIntent {
  intent: string;
  weight: number;
  route: DemoRoute;
  article: string;
  phrase: string;
}

/** The product's intents (small talk excluded), weighted like a typical online shop's traffic. */
export const DEMO_INTENTS: readonly DemoIntent[] = [
  { intent: 'track_order', weight: 16, route: 'kb-then-ticket', article: 'track-your-order', phrase: 'Where is my order #48213?' },
  { intent: 'get_refund', weight: 7, route: 'kb-then-ticket', article: 'request-a-refund', phrase: 'I want my money back for the jacket' },
  { intent: 'track_refund', weight: 6, route: 'kb-then-ticket', article: 'refund-not-received', phrase: 'My refund still has not arrived' },
  { intent: 'return_item', weight: 8, route: 'kb', article: 'return-an-item', phrase: 'How do I send the shoes back?' },
  { intent: 'cancel_order', weight: 6, route: 'kb-then-ticket', article: 'cancel-an-order', phrase: 'Please cancel order 55120' },
  {
    intent: 'change_order',
    weight: 4,
    route: 'kb-then-ticket',
    article: 'change-order-items',
    phrase: 'Can I change the size in my order?',
  },
  {
    intent: 'change_shipping_address',
    weight: 4,
    route: 'kb-then-ticket',
    article: 'change-delivery-address',
    phrase: 'I need to change the delivery address',
  },
  { intent: 'set_up_shipping_address', weight: 2, route: 'kb', article: 'saved-addresses', phrase: 'How do I save a default address?' },
  { intent: 'check_cancellation_fee', weight: 2, route: 'kb', article: 'cancellation-fees', phrase: 'Does cancelling cost anything?' },
  { intent: 'check_invoice', weight: 2, route: 'kb', article: 'view-invoice', phrase: 'Where can I see my invoice?' },
  { intent: 'get_invoice', weight: 3, route: 'kb', article: 'download-invoice', phrase: 'I need an invoice with my company details' },
  { intent: 'check_payment_methods', weight: 3, route: 'kb', article: 'payment-methods', phrase: 'Can I pay with PayPal?' },
  { intent: 'payment_issue', weight: 4, route: 'kb-then-ticket', article: 'charged-twice', phrase: 'I was charged twice for one order' },
  { intent: 'check_refund_policy', weight: 3, route: 'kb', article: 'refund-policy', phrase: 'What is your refund policy?' },
  {
    intent: 'product_issue',
    weight: 5,
    route: 'kb-then-ticket',
    article: 'product-troubleshooting',
    phrase: 'The kettle stopped working after a week',
  },
  { intent: 'delivery_options', weight: 3, route: 'kb', article: 'delivery-options', phrase: 'Do you ship to Norway?' },
  { intent: 'delivery_period', weight: 4, route: 'kb', article: 'delivery-times', phrase: 'How long does delivery take?' },
  { intent: 'place_order', weight: 2, route: 'kb', article: 'place-an-order', phrase: 'How do I order by phone?' },
  { intent: 'create_account', weight: 1, route: 'kb', article: 'create-account', phrase: 'How do I open an account?' },
  { intent: 'edit_account', weight: 1, route: 'kb', article: 'edit-account', phrase: 'I want to change my email address' },
  { intent: 'switch_account', weight: 1, route: 'kb', article: 'switch-account', phrase: 'How do I switch to my other account?' },
  { intent: 'delete_account', weight: 1, route: 'kb-then-ticket', article: 'delete-account', phrase: 'Please delete my account' },
  { intent: 'recover_password', weight: 3, route: 'kb', article: 'reset-password', phrase: 'I forgot my password' },
  { intent: 'registration_problems', weight: 1, route: 'kb', article: 'registration-problems', phrase: 'Sign-up keeps failing' },
  { intent: 'newsletter_subscription', weight: 1, route: 'kb', article: 'newsletter', phrase: 'Unsubscribe me from the newsletter' },
  { intent: 'review', weight: 1, route: 'kb', article: 'write-a-review', phrase: 'Where can I leave a review?' },
  { intent: 'complaint', weight: 3, route: 'ticket', article: 'complaints', phrase: 'This is the worst service I have had' },
  { intent: 'contact_customer_service', weight: 2, route: 'kb', article: 'contact-us', phrase: 'What are your opening hours?' },
  { intent: 'contact_human_agent', weight: 4, route: 'handoff', article: 'contact-us', phrase: 'I want to talk to a person' },
];

/** Channels with their share of the traffic. */
export const DEMO_CHANNELS: ReadonlyArray<readonly [string, number]> = [
  ['webchat', 0.55],
  ['msteams', 0.25],
  ['directline', 0.2],
];

/** Survey comments by rating (1–5). */
export const DEMO_COMMENTS: Readonly<Record<number, readonly string[]>> = {
  1: ['Waited ages and nothing was solved', 'Useless, I still have no refund', 'Nobody answered me'],
  2: ['Too slow', 'The answer did not match my question', 'Had to repeat myself'],
  3: ['Okay in the end', 'Fine, but it took a while'],
  4: ['Quick and helpful', 'Good answer, thanks'],
  5: ['Perfect, solved in a minute', 'Great agent, very kind', 'Exactly what I needed'],
};

/** Bot replies used as message text. */
export const DEMO_BOT_REPLIES: readonly string[] = [
  'Here is what I found in our help centre.',
  'Did this help?',
  'Could you tell me your order number?',
  'I am connecting you with a colleague.',
];

/** Agent replies used as message text. */
export const DEMO_AGENT_REPLIES: readonly string[] = [
  'Hi, I am looking into this for you now.',
  'I have checked with the warehouse.',
  'That is sorted, anything else?',
];
