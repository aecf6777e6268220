import { messageActivity, postActivity } from './activities';

/** Questions with a KB answer and no handoff, so load turns stay ordinary. */
export const LOAD_QUESTIONS = [
  'how long does delivery take',
  'which payment methods do you accept',
  'how do I reset my password',
  'what is your refund policy',
  'how do I send back a jacket that does not fit',
  'do you ship to Norway',
];

/** One customer message sent by the load, and what became of its HTTP request. */
export interface SentMessage {
  conversationId: string;
  activityId: string;
  text: string;
  /** HTTP status, or `'error'` when the connection failed (refused, reset by a crash). */
  status: number | 'error';
}

/** Options of {@link driveCustomerLoad}. */
export interface CustomerLoadOptions {
  url: string;
  /** Where the bot sends its replies (the fake connector). */
  serviceUrl: string;
  /** Parallel customers, each with a conversation of its own. */
  concurrency: number;
  /** Upper bound of messages over all customers. */
  maxMessages: number;
  /** Prefix of conversation and activity ids. */
  prefix: string;
  /** Called after every acknowledged (2xx) message with the count so far. */
  onAcknowledged?: (acknowledged: number) => void;
}

/** True for a 2xx status. */
export function acknowledged(m: SentMessage): boolean {
  return m.status !== 'error' && m.status >= 200 && m.status < 300;
}

/** The `messages.dedup_key` the server stores for a message sent by {@link driveCustomerLoad}. */
export function dedupKeyOf(m: Pick<SentMessage, 'conversationId' | 'activityId'>): string {
  return `webchat|${m.conversationId}|${m.activityId}`;
}

/**
 * Customers writing to `/api/messages` one message after another, `concurrency` at a time, until
 * `maxMessages` are sent or the server stops answering (a customer stops at its first failed
 * connection). Resolves with every message and its outcome.
 */
export async function driveCustomerLoad(options: CustomerLoadOptions): Promise<SentMessage[]> {
  const sent: SentMessage[] = [];
  let issued = 0;
  let acked = 0;
  const customer = async (n: number): Promise<void> => {
    const conversationId = `${options.prefix}-conv-${n}`;
    for (let turn = 0; issued < options.maxMessages; turn++) {
      issued++;
      const message: SentMessage = {
        conversationId,
        activityId: `${options.prefix}-${n}-${turn}`,
        text: LOAD_QUESTIONS[(n + turn) % LOAD_QUESTIONS.length],
        status: 'error',
      };
      sent.push(message);
      message.status = await send(options, message);
      if (message.status === 'error') return;
      if (acknowledged(message)) options.onAcknowledged?.(++acked);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, (_, n) => customer(n)));
  return sent;
}

/** Sends the messages again with the same activity ids (a channel's redelivery), `concurrency` at a time. */
export async function redeliver(
  options: Pick<CustomerLoadOptions, 'url' | 'serviceUrl' | 'concurrency'>,
  messages: SentMessage[],
): Promise<SentMessage[]> {
  const queue = [...messages];
  const results: SentMessage[] = [];
  const worker = async (): Promise<void> => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const again = { ...next, status: 'error' as SentMessage['status'] };
      again.status = await send(options, again);
      results.push(again);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, () => worker()));
  return results;
}

async function send(options: Pick<CustomerLoadOptions, 'url' | 'serviceUrl'>, m: SentMessage): Promise<number | 'error'> {
  const activity = messageActivity({
    serviceUrl: options.serviceUrl,
    conversationId: m.conversationId,
    id: m.activityId,
    fromId: `${m.conversationId}-customer`,
    text: m.text,
  });
  try {
    const res = await postActivity(options.url, activity);
    await res.arrayBuffer();
    return res.status;
  } catch {
    return 'error';
  }
}
