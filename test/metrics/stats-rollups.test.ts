import { expect } from 'chai';
import fc from 'fast-check';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../../common/time';
import { eraseCustomer } from '../../store/customer-erasure';
import type { Knex } from '../../store/db';
import { computeRawStats } from '../../store/metrics/compute-raw-stats';
import { computeStats } from '../../store/metrics/compute-stats';
import { rebuildStatsRollups } from '../../store/metrics/rollups/rebuild-rollups';
import type { StatsWindow } from '../../store/metrics/stats-window';
import { computeRawTimeseries, computeTimeseries, intervalSchema, timeseriesMetricSchema } from '../../store/metrics/timeseries';
import { purgeOldCustomerText } from '../../store/retention';
import { describeEachEngine, useMigratedDatabase } from '../helpers/databases';

// Histories span 80 days from late August 2026, so windows cross month ends (churn, month roll-ups).
const DAY0 = Date.UTC(2026, 7, 20);
const SPAN_DAYS = 80;
const CHANNELS = ['webchat', 'msteams', 'directline'] as const;
const PERCENTILES = new Set(['medianMs', 'p90Ms']);

const duration = fc.oneof(
  fc.integer({ min: 0, max: 150 }),
  fc.integer({ min: 0, max: 20 * MINUTE_MS }),
  fc.integer({ min: 0, max: 9 * DAY_MS }),
);
const offset = fc.integer({ min: 0, max: 2 * DAY_MS });

const conversationArb = fc.record({
  customer: fc.integer({ min: 0, max: 5 }),
  channel: fc.constantFrom(...CHANNELS),
  start: fc.integer({ min: 0, max: SPAN_DAYS * DAY_MS - 1 }),
  endedAfter: fc.option(fc.integer({ min: 0, max: 3 * HOUR_MS })),
  handedOff: fc.boolean(),
  resolvedByBot: fc.boolean(),
  outOfScope: fc.boolean(),
  intent: fc.constantFrom(null, 'track_order', 'complaint', 'get_refund'),
  questions: fc.array(fc.record({ at: offset, response: fc.option(duration), byBot: fc.boolean() }), { maxLength: 4 }),
  survey: fc.option(fc.record({ at: offset, rating: fc.option(fc.integer({ min: 1, max: 5 })) })),
  ticket: fc.option(
    fc.record({
      status: fc.constantFrom('open', 'assigned', 'resolved', 'closed'),
      reply: fc.option(duration),
      resolvedAfter: fc.option(duration),
      reopened: fc.boolean(),
      handoff: fc.constantFrom('requested', 'assigned', 'ended', 'abandoned', 'timed_out'),
      outOfHours: fc.boolean(),
    }),
  ),
  kbVotes: fc.array(fc.boolean(), { maxLength: 2 }),
});
type GeneratedConversation = typeof conversationArb extends fc.Arbitrary<infer T> ? T : never;

/** Late changes: they touch days whose roll-ups may already be built. */
const lateArb = fc.oneof(
  fc.record({ kind: fc.constant('reply' as const), pick: fc.nat(), response: duration, byBot: fc.boolean() }),
  fc.record({ kind: fc.constant('rating' as const), pick: fc.nat(), rating: fc.integer({ min: 1, max: 5 }) }),
  fc.record({ kind: fc.constant('resolve' as const), pick: fc.nat(), after: duration }),
  fc.record({ kind: fc.constant('conversation' as const), conversation: conversationArb }),
  fc.record({ kind: fc.constant('erase' as const), customer: fc.integer({ min: 0, max: 5 }) }),
  fc.record({ kind: fc.constant('purge' as const) }),
);

type LateChange = typeof lateArb extends fc.Arbitrary<infer T> ? T : never;

const windowArb = fc.record({
  from: fc.integer({ min: -5 * DAY_MS, max: SPAN_DAYS * DAY_MS }),
  length: fc.oneof(fc.integer({ min: 1, max: 3 * DAY_MS }), fc.integer({ min: 1, max: (SPAN_DAYS + 10) * DAY_MS })),
  channel: fc.constantFrom(null, 'webchat', 'msteams'),
  interval: fc.constantFrom(...intervalSchema.options),
});

const historyArb = fc.record({
  conversations: fc.array(conversationArb, { maxLength: 25 }),
  builtAt: fc.integer({ min: 0, max: SPAN_DAYS * DAY_MS }),
  late: fc.array(lateArb, { minLength: 1, maxLength: 6 }),
  rebuiltAt: fc.option(fc.integer({ min: 0, max: (SPAN_DAYS + 5) * DAY_MS })),
  rebuildAll: fc.boolean(),
  windows: fc.array(windowArb, { minLength: 1, maxLength: 3 }),
});

let nextId = 0;

async function insertConversation(db: Knex, c: GeneratedConversation): Promise<void> {
  const id = `v${++nextId}`;
  const customer = `webchat:c${c.customer}`;
  if (!(await db('customers').where({ id: customer }).first())) {
    await db('customers').insert({
      id: customer,
      channel_id: 'webchat',
      channel_user_id: `c${c.customer}`,
      created_at: DAY0,
      last_seen_at: DAY0,
    });
  }
  const start = DAY0 + c.start;
  await db('conversations').insert({
    id,
    channel_id: c.channel,
    channel_conversation_id: `ch-${id}`,
    customer_id: customer,
    started_at: start,
    last_activity_at: start,
    ended_at: c.endedAfter === null ? null : start + c.endedAfter,
    end_reason: c.endedAfter === null ? null : 'idle',
    handed_off: c.handedOff,
    resolved_by_bot: c.resolvedByBot,
    out_of_scope: c.outOfScope,
    first_intent: c.intent,
  });
  if (c.questions.length > 0) {
    await db('messages').insert(
      c.questions.map((q) => ({
        conversation_id: id,
        channel_id: c.channel,
        direction: 'in',
        role: 'customer',
        text: 'Where is my parcel?',
        created_at: start + q.at,
        answered_at: q.response === null ? null : start + q.at + q.response,
        response_ms: q.response,
        answered_by: q.response === null ? null : q.byBot ? 'bot' : 'agent',
      })),
    );
  }
  if (c.survey) {
    await db('feedback').insert({
      conversation_id: id,
      customer_id: customer,
      channel_id: c.channel,
      kind: 'kb',
      rating: c.survey.rating,
      sent_at: start + c.survey.at,
    });
  }
  for (const [i, helpful] of c.kbVotes.entries()) {
    await db('kb_feedback').insert({
      conversation_id: id,
      article_id: `a${i}`,
      helpful,
      channel_id: c.channel,
      created_at: start + i * HOUR_MS,
    });
  }
  if (c.ticket) {
    const t = c.ticket;
    const [row] = (await db('tickets')
      .insert({
        conversation_id: id,
        customer_id: customer,
        channel_id: c.channel,
        status: t.status,
        priority: 'normal',
        subject: 'Parcel late',
        opened_at: start,
        updated_at: start,
        first_agent_reply_at: t.reply === null ? null : start + t.reply,
        resolved_at: t.resolvedAfter === null ? null : start + t.resolvedAfter,
      })
      .returning('id')) as Array<{ id: number } | number>;
    const ticketId = typeof row === 'number' ? row : row.id;
    await db('handoffs').insert({
      ticket_id: ticketId,
      conversation_id: id,
      status: t.handoff,
      requested_at: start,
      first_agent_reply_at: t.reply === null ? null : start + t.reply,
      out_of_hours: t.outOfHours,
    });
    if (t.reopened) await db('ticket_events').insert({ ticket_id: ticketId, type: 'reopened', created_at: start + HOUR_MS });
  }
}

async function applyLate(db: Knex, change: LateChange, now: number): Promise<void> {
  const pick = async (table: string, pickAt: number, where: (q: Knex.QueryBuilder) => Knex.QueryBuilder) => {
    const ids = (await where(db(table)).orderBy('id').select('id')) as Array<{ id: number | string }>;
    return ids.length === 0 ? null : ids[pickAt % ids.length].id;
  };
  switch (change.kind) {
    case 'reply': {
      const id = await pick('messages', change.pick, (q) => q.where('role', 'customer'));
      if (id !== null)
        await db('messages')
          .where({ id })
          .update({ response_ms: change.response, answered_by: change.byBot ? 'bot' : 'agent' });
      return;
    }
    case 'rating': {
      const id = await pick('feedback', change.pick, (q) => q);
      if (id !== null) await db('feedback').where({ id }).update({ rating: change.rating, answered_at: now });
      return;
    }
    case 'resolve': {
      const id = await pick('tickets', change.pick, (q) => q);
      if (id === null) return;
      const ticket = (await db('tickets').where({ id }).first('opened_at')) as { opened_at: unknown };
      await db('tickets')
        .where({ id })
        .update({ status: 'resolved', resolved_at: Number(ticket.opened_at) + change.after });
      return;
    }
    case 'conversation':
      return insertConversation(db, change.conversation);
    case 'erase': {
      const id = `webchat:c${change.customer}`;
      if (await db('customers').where({ id }).first()) await eraseCustomer(db, id, now);
      return;
    }
    case 'purge':
      await purgeOldCustomerText(db, 30, now);
  }
}

async function clear(db: Knex): Promise<void> {
  for (const table of [
    'ticket_events',
    'handoffs',
    'tickets',
    'feedback',
    'kb_feedback',
    'messages',
    'conversations',
    'customers',
    'stats_rollup_days',
    'stats_rollup_hours',
    'stats_rollup_months',
    'stats_daily',
    'stats_hourly',
    'stats_rollup_intents',
    'stats_rollup_durations',
    'stats_rollup_churn',
    'stats_customer_spans',
    'stats_customer_months',
  ]) {
    await db(table).delete();
  }
}

/** Every field equal, except median and p90 within 1 % of the raw value. */
function expectSameStats(rolled: unknown, raw: unknown, path = 'stats'): void {
  if (raw !== null && typeof raw === 'object') {
    expect(rolled, path).to.be.an(Array.isArray(raw) ? 'array' : 'object');
    const r = rolled as Record<string, unknown>;
    expect(Object.keys(r), path).to.deep.equal(Object.keys(raw));
    for (const [key, value] of Object.entries(raw)) expectSameStats(r[key], value, `${path}.${key}`);
    return;
  }
  const key = path.slice(path.lastIndexOf('.') + 1);
  if (PERCENTILES.has(key) && typeof raw === 'number') {
    expect(rolled, path).to.be.a('number');
    expect(Math.abs((rolled as number) - raw), path).to.be.at.most(Math.abs(raw) / 100);
  } else {
    expect(rolled, path).to.equal(raw);
  }
}

describeEachEngine('stats roll-ups', (engine) => {
  let db: Knex;
  useMigratedDatabase(engine, (opened) => {
    db = opened;
  });

  it('give every /admin/stats field and timeseries point of the raw queries for random histories with late replies, ratings, erasures and purges', async function () {
    this.timeout(600_000);
    await fc.assert(
      fc.asyncProperty(historyArb, async (h) => {
        await clear(db);
        for (const c of h.conversations) await insertConversation(db, c);
        await rebuildStatsRollups(db, DAY0 + h.builtAt);
        const now = DAY0 + Math.max(h.builtAt, SPAN_DAYS * DAY_MS);
        for (const change of h.late) await applyLate(db, change, now);
        if (h.rebuiltAt !== null) await rebuildStatsRollups(db, DAY0 + h.rebuiltAt, { all: h.rebuildAll });
        const windows = h.windows.map((w): StatsWindow => ({ from: DAY0 + w.from, to: DAY0 + w.from + w.length, channel: w.channel }));
        for (const window of windows) expectSameStats(await computeStats(db, window), await computeRawStats(db, window));
        // Every timeseries figure over the first window.
        const interval = h.windows[0].interval;
        for (const metric of timeseriesMetricSchema.options) {
          const series = await computeTimeseries(db, windows[0], metric, interval);
          expect(series, `${metric} per ${interval}`).to.deep.equal(await computeRawTimeseries(db, windows[0], metric, interval));
        }
      }),
      { numRuns: 30 },
    );
  });

  it('forgets a closed day when a late agent reply lands on it, and rebuilds it from the job', async () => {
    await clear(db);
    const conversation = {
      customer: 1,
      channel: 'webchat' as const,
      start: 2 * DAY_MS + HOUR_MS,
      endedAfter: null,
      handedOff: true,
      resolvedByBot: false,
      outOfScope: false,
      intent: 'complaint' as const,
      questions: [{ at: 0, response: null, byBot: false }],
      survey: null,
      ticket: null,
      kbVotes: [],
    };
    await insertConversation(db, conversation);
    const day = Math.floor((DAY0 + conversation.start) / DAY_MS);
    const now = DAY0 + 10 * DAY_MS;
    await rebuildStatsRollups(db, now);
    expect(await db('stats_rollup_days').where({ day }).first()).to.not.equal(undefined);
    const window: StatsWindow = { from: DAY0, to: now, channel: null };
    expect((await computeStats(db, window)).responseTime.questions).to.equal(0);

    await db('messages').where({ role: 'customer' }).update({ response_ms: 90_000, answered_by: 'agent' });
    expect(await db('stats_rollup_days').where({ day }).first()).to.equal(undefined);
    expect((await computeStats(db, window)).responseTime.agent).to.include({ questions: 1, avgMs: 90_000 });

    expect(await rebuildStatsRollups(db, now)).to.deep.equal({ days: 1, hours: 0 });
    expect(await db('stats_rollup_days').where({ day }).first()).to.not.equal(undefined);
    expect((await computeStats(db, window)).responseTime.agent).to.include({ questions: 1, avgMs: 90_000 });
  });

  it("rolls up the current day's closed hours and reads a window's partial days from them", async () => {
    await clear(db);
    const conversation = (start: number, response: number | null) => ({
      customer: 2,
      channel: 'msteams' as const,
      start,
      endedAfter: 10 * MINUTE_MS,
      handedOff: false,
      resolvedByBot: true,
      outOfScope: false,
      intent: 'track_order' as const,
      questions: [{ at: MINUTE_MS, response, byBot: true }],
      survey: null,
      ticket: null,
      kbVotes: [],
    });
    await insertConversation(db, conversation(5 * DAY_MS + 2 * HOUR_MS, 1_500));
    await insertConversation(db, conversation(5 * DAY_MS + 7 * HOUR_MS + 30 * MINUTE_MS, 2_500));
    const now = DAY0 + 5 * DAY_MS + 9 * HOUR_MS + 20 * MINUTE_MS;
    const today = Math.floor(now / DAY_MS);
    expect(await rebuildStatsRollups(db, now)).to.deep.include({ hours: 9 });
    expect(await db('stats_rollup_days').where({ day: today }).first()).to.equal(undefined);
    const hour = (at: number) => Math.floor((DAY0 + at) / HOUR_MS);
    const rolled = await db('stats_hourly')
      .where({ hour: hour(5 * DAY_MS + 2 * HOUR_MS), channel_id: 'msteams' })
      .first('conversations');
    expect(rolled).to.deep.equal({ conversations: 1 });

    // A window from the middle of yesterday to now: today's hours 0–8 from the hour roll-ups.
    const window: StatsWindow = { from: now - 30 * HOUR_MS, to: now, channel: null };
    expect((await computeStats(db, window)).responseTime).to.include({ questions: 2, avgMs: 2_000 });
    await db('messages')
      .where({ created_at: DAY0 + 5 * DAY_MS + 7 * HOUR_MS + 31 * MINUTE_MS })
      .update({ response_ms: 4_500 });
    expect(
      await db('stats_rollup_hours')
        .where({ hour: hour(5 * DAY_MS + 7 * HOUR_MS) })
        .first(),
    ).to.equal(undefined);
    expect(
      await db('stats_rollup_hours')
        .where({ hour: hour(5 * DAY_MS + 2 * HOUR_MS) })
        .first(),
    ).to.not.equal(undefined);
    expectSameStats(await computeStats(db, window), await computeRawStats(db, window));
    expect((await computeStats(db, window)).responseTime).to.include({ questions: 2, avgMs: 3_000 });
    expect(await rebuildStatsRollups(db, now)).to.deep.equal({ days: 0, hours: 1 });
  });

  it('recomputes the customer presence tables on a full rebuild', async () => {
    await clear(db);
    const conversation = (customer: number, start: number) => ({
      customer,
      channel: 'webchat' as const,
      start,
      endedAfter: null,
      handedOff: false,
      resolvedByBot: false,
      outOfScope: false,
      intent: null,
      questions: [],
      survey: null,
      ticket: null,
      kbVotes: [],
    });
    await insertConversation(db, conversation(1, 3 * DAY_MS));
    await insertConversation(db, conversation(2, 40 * DAY_MS));
    await insertConversation(db, conversation(1, 41 * DAY_MS));
    const window: StatsWindow = { from: DAY0, to: DAY0 + 60 * DAY_MS, channel: null };
    const expected = await computeRawStats(db, window);
    expect(expected.customers).to.equal(2);
    await db('stats_customer_spans').delete();
    await db('stats_customer_months').delete();
    expect((await computeStats(db, window)).customers).to.equal(0);
    await rebuildStatsRollups(db, DAY0 + 70 * DAY_MS, { all: true });
    expectSameStats(await computeStats(db, window), expected);
  });
});
