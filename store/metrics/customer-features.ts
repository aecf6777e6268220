import type { Knex } from 'knex';
import { DAY_MS } from '../../common/time';

/** One customer's activity as the segmentation sees it, with named figures. */
export interface CustomerFeatureRow {
  id: string;
  /** Conversations. */
  volume: number;
  /** Days since the last conversation (or since sign-up). */
  recencyDays: number;
  tickets: number;
  /** Mean 1–5 rating; null when the customer never rated. */
  meanRating: number | null;
  /** Share of the customer's messages with negative sentiment, 0–1. */
  negativeShare: number;
}

const SQL = `
select cu.id, cu.created_at, v.volume, v.last_started, t.tickets, r.mean_rating, s.negative_share
from customers cu
left join (
  select customer_id, count(*) as volume, max(started_at) as last_started from conversations group by customer_id
) v on v.customer_id = cu.id
left join (select customer_id, count(*) as tickets from tickets group by customer_id) t on t.customer_id = cu.id
left join (
  select customer_id, avg(rating) as mean_rating from feedback where rating is not null group by customer_id
) r on r.customer_id = cu.id
left join (
  select c.customer_id, avg(case when m.sentiment < 0 then 1.0 else 0.0 end) as negative_share
  from messages m join conversations c on c.id = m.conversation_id
  where m.role = 'customer' and m.sentiment is not null group by c.customer_id
) s on s.customer_id = cu.id
where cu.erased_at is null`;

/**
 * Activity features of every customer not erased: conversations, days since the last one (or
 * since sign-up), tickets, mean rating (null if never rated), share of negative messages.
 */
export async function loadCustomerFeatures(db: Knex, now: number): Promise<CustomerFeatureRow[]> {
  const result = (await db.raw(SQL)) as unknown;
  const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Array<Record<string, unknown>>;
  const n = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
  return rows.map((r) => ({
    id: String(r.id),
    volume: n(r.volume),
    recencyDays: Math.max(0, (now - Number(r.last_started ?? r.created_at)) / DAY_MS),
    tickets: n(r.tickets),
    meanRating: r.mean_rating === null || r.mean_rating === undefined ? null : Number(r.mean_rating),
    negativeShare: n(r.negative_share),
  }));
}
