import type { Activity } from 'botbuilder';
import { emailPattern } from '../nlu/patterns';
import type { OrderLookupFailureRepository } from '../store/repositories';
import type { DecisionBuilder } from './decision';
import type { MessageKey, Messages } from './messages';
import type { OrderDetails, OrderLookup, VerifiedCustomer } from './ports';
import { textReply } from './reply';

/** Failed lookups per customer and per client IP within an hour before the bot stops looking. */
export const MAX_LOOKUP_FAILURES = 5;

/** What {@link OrderStatusDialog} needs. */
export interface OrderStatusDeps {
  orders: OrderLookup;
  failures: OrderLookupFailureRepository;
}

/**
 * "Where is my order PP-777777?": shows an order's status, items, carrier and expected date,
 * only to its owner: a customer whose verified identity (Teams, or the shop's signed widget
 * identity) is the order's, or a guest who gives the email on the order. An unknown number
 * and a number with the wrong email get the same reply (nobody learns which numbers exist),
 * with the offer of a person; after {@link MAX_LOOKUP_FAILURES} failures in an hour, per
 * customer and per client IP, the bot stops looking and offers a person instead.
 */
export class OrderStatusDialog {
  constructor(private readonly deps: OrderStatusDeps) {}

  /** Looks the order up for the customer, with the email they gave in the same message if any. */
  async lookUp(turn: DecisionBuilder, orderNumber: string, email: string | undefined): Promise<void> {
    turn.state.order = { number: orderNumber, awaitingEmail: false };
    if (await this.overLimit(turn)) return;
    const order = await this.deps.orders.find(orderNumber);
    const verified = await turn.message.verifiedCustomer?.();
    if (order && verified && ownedBy(order, verified)) return this.show(turn, order);
    if (email !== undefined) return this.checkEmail(turn, order, orderNumber, email);
    // Asked whether or not the order exists, so the question tells nothing either.
    turn.state.order.awaitingEmail = true;
    turn.say(
      textReply(turn.messages.text('order.askEmail', { order: orderNumber }), {
        suggestions: [turn.messages.text('topics.person')],
        expectingInput: true,
      }),
    );
  }

  /** The customer's answer to the email question. */
  async onEmail(turn: DecisionBuilder, email: string): Promise<void> {
    const pending = turn.state.order;
    if (!pending) return;
    pending.awaitingEmail = false;
    if (await this.overLimit(turn)) return;
    await this.checkEmail(turn, await this.deps.orders.find(pending.number), pending.number, email);
  }

  private async checkEmail(turn: DecisionBuilder, order: OrderDetails | undefined, orderNumber: string, email: string): Promise<void> {
    if (order && sameEmail(order.owner.email, email)) return this.show(turn, order);
    turn.change({ type: 'order_lookup_failed', keys: failureKeys(turn), at: Date.now() });
    turn.say(
      textReply(turn.messages.text('order.notFound', { order: orderNumber }), { suggestions: [turn.messages.text('topics.person')] }),
    );
  }

  private async overLimit(turn: DecisionBuilder): Promise<boolean> {
    const failures = await this.deps.failures.failures(failureKeys(turn), Date.now());
    if (failures < MAX_LOOKUP_FAILURES) return false;
    turn.state.order = turn.state.order && { ...turn.state.order, awaitingEmail: false };
    turn.say(textReply(turn.messages.text('order.tooManyLookups'), { suggestions: [turn.messages.text('topics.person')] }));
    return true;
  }

  private show(turn: DecisionBuilder, order: OrderDetails): void {
    turn.say(orderReply(order, turn.messages));
  }
}

/** The first email address in a text, if any. */
export function emailIn(text: string): string | undefined {
  return new RegExp(emailPattern.source, 'i').exec(text)?.[0];
}

/** The keys failures are counted under: the customer, and the client IP where it is known. */
function failureKeys(turn: DecisionBuilder): string[] {
  const { customerId, clientIp } = turn.message;
  return [`customer:${customerId}`, ...(clientIp ? [`ip:${clientIp}`] : [])];
}

function ownedBy(order: OrderDetails, customer: VerifiedCustomer): boolean {
  if (customer.source === 'shop' && order.owner.shopUserId !== null && customer.userId === order.owner.shopUserId) return true;
  return customer.email !== undefined && sameEmail(order.owner.email, customer.email);
}

function sameEmail(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/** The status line of each order status, and the one that names the carrier where it fits. */
const STATUS_LINES: Record<OrderDetails['status'], { plain: MessageKey; withCarrier?: MessageKey }> = {
  processing: { plain: 'order.processing' },
  shipped: { plain: 'order.shipped', withCarrier: 'order.shippedWith' },
  out_for_delivery: { plain: 'order.outForDelivery', withCarrier: 'order.outForDeliveryWith' },
  delivered: { plain: 'order.delivered', withCarrier: 'order.deliveredBy' },
  cancelled: { plain: 'order.cancelled' },
};

/** The order's status, items, carrier and expected date: nothing else of the order. */
export function orderReply(order: OrderDetails, messages: Messages): Partial<Activity> {
  const { plain, withCarrier } = STATUS_LINES[order.status];
  const lines = [
    withCarrier && order.carrier
      ? messages.text(withCarrier, { order: order.orderNumber, carrier: order.carrier })
      : messages.text(plain, { order: order.orderNumber }),
  ];
  if (order.expectedDelivery && order.status !== 'cancelled' && order.status !== 'delivered') {
    lines.push(messages.text('order.expected', { date: longDate(order.expectedDelivery, messages) }));
  }
  if (order.items.length > 0) {
    const items = order.items.map((i) => messages.text('order.item', { quantity: i.quantity, name: i.name }));
    lines.push(messages.text('order.items', { items: items.join(messages.text('format.listSeparator')) }));
  }
  const suggestions = [messages.text('topics.trackOrder'), messages.text('topics.returnItem'), messages.text('topics.person')];
  return textReply(lines.join('\n\n'), { suggestions });
}

function longDate(isoDate: string, messages: Messages): string {
  const date = new Date(`${isoDate}T12:00:00Z`);
  if (Number.isNaN(date.getTime())) return isoDate;
  return date.toLocaleDateString(messages.text('format.locale'), {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
}
