import { DAY_MS, HOUR_MS, MINUTE_MS, SECOND_MS } from '../../common/time';
import { clamp, DemoRandom } from './demo-random';
import { DEMO_AGENT_REPLIES, DEMO_BOT_REPLIES, DEMO_CHANNELS, DEMO_COMMENTS, DEMO_INTENTS, type DemoIntent } from './demo-taxonomy';
import { TicketTrack, type DemoRow } from './demo-tickets';

const AGENT_TIMEOUT_MS = 5 * MINUTE_MS;
const IDLE_MS = 30 * MINUTE_MS;

/** Options of {@link DemoGenerator}. */
export interface DemoOptions {
  conversations: number;
  days: number;
  now: number;
  seed: number;
  /** Prefix of every id, so several runs can share one database. */
  runId: string;
  /** Customers in the pool (default: a quarter of the conversations). */
  customers?: number;
  /** First ticket id to use (tickets are referenced by handoffs and events). */
  firstTicketId: number;
  /** Agent ids handoffs are assigned to. */
  agentIds: readonly string[];
}

/** Rows of a slice of the history, table by table. */
export interface DemoBatch {
  conversations: DemoRow[];
  messages: DemoRow[];
  tickets: DemoRow[];
  ticketEvents: DemoRow[];
  handoffs: DemoRow[];
  feedback: DemoRow[];
  kbFeedback: DemoRow[];
}

interface DemoCustomer {
  id: string;
  channel: string;
  mood: number;
}

/**
 * A deterministic synthetic support history: customers with a mood, conversations spread over
 * `days` (growing towards now), KB answers with "Did this help?" votes, handoffs with waits,
 * abandoned waits and timeouts, tickets resolved, closed and sometimes reopened, surveys with
 * ratings that follow the customer's mood and waits. Generated in slices to bound memory.
 */
export class DemoGenerator {
  private readonly random: DemoRandom;
  private readonly pool: DemoCustomer[];
  private readonly tickets: TicketTrack;

  constructor(private readonly o: DemoOptions) {
    this.random = new DemoRandom(o.seed);
    const size = Math.max(2, o.customers ?? Math.round(o.conversations / 4));
    this.pool = Array.from({ length: size }, (_, i) => ({
      id: `${o.runId}-cust-${i}`,
      channel: this.random.weighted(DEMO_CHANNELS, ([, w]) => w)[0],
      mood: clamp(0.25 + 0.45 * this.random.normal(), -1, 1),
    }));
    this.tickets = new TicketTrack(this.random, o.now, o.firstTicketId);
  }

  /** Every customer row (inserted before the conversations). */
  customers(): DemoRow[] {
    const createdAt = this.o.now - (this.o.days + 60) * DAY_MS;
    return this.pool.map((c, i) => ({
      id: c.id,
      channel_id: c.channel,
      channel_user_id: `${this.o.runId}-user-${i}`,
      name: `Demo customer ${i + 1}`,
      created_at: createdAt + Math.floor(this.random.unit() * 60 * DAY_MS),
      last_seen_at: this.o.now,
    }));
  }

  /** Conversations `start` … `start + count - 1` with everything that belongs to them. */
  batch(start: number, count: number): DemoBatch {
    const out: DemoBatch = { conversations: [], messages: [], tickets: [], ticketEvents: [], handoffs: [], feedback: [], kbFeedback: [] };
    for (let i = start; i < Math.min(start + count, this.o.conversations); i++) this.conversation(i, out);
    return out;
  }

  private conversation(index: number, out: DemoBatch): void {
    const r = this.random;
    const customer = this.pool[Math.floor(this.pool.length * r.unit() ** 1.8)];
    const span = this.o.days * DAY_MS - 2 * HOUR_MS;
    const startedAt = Math.floor(this.o.now - 2 * HOUR_MS - span * (1 - r.unit() ** 0.85));
    const outOfScope = r.chance(0.04);
    const topic: DemoIntent = r.weighted(DEMO_INTENTS, (x) => x.weight);
    const mood = clamp(customer.mood + 0.3 * r.normal() - (topic.intent === 'complaint' ? 0.8 : 0), -1, 1);
    const id = `${this.o.runId}-conv-${index}`;
    const base = { conversation_id: id, channel_id: customer.channel };
    const handoffChance =
      ({ handoff: 0.9, ticket: 0.6, 'kb-then-ticket': 0.18, kb: 0.04 } as const)[topic.route] + (mood < -0.5 ? 0.15 : 0);
    const wantsAgent = outOfScope ? r.chance(0.12) : r.chance(handoffChance);
    const botTurns = topic.route === 'handoff' && wantsAgent ? 1 : r.int(2, 7);
    let t = startedAt;
    let waitMs = 0;
    let sentimentDrift = 0;

    const customerSays = (answeredBy: 'bot' | 'agent' | null, responseMs: number, first: boolean): number => {
      const at = t;
      out.messages.push({
        ...base,
        direction: 'in',
        role: 'customer',
        text: first ? topic.phrase : r.pick(['Thanks', 'And when will it arrive?', 'That does not help', 'ok', 'Can you check again?']),
        intent: outOfScope ? null : topic.intent,
        confidence: Math.round((outOfScope ? r.between(0.1, 0.4) : r.between(0.55, 0.99)) * 1000) / 1000,
        out_of_scope: outOfScope && first,
        sentiment: Math.round(clamp(mood + 0.25 * r.normal() - sentimentDrift, -1, 1) * 1000) / 1000,
        created_at: at,
        handled_at: at + 50,
        answered_at: answeredBy ? at + responseMs : null,
        response_ms: answeredBy ? responseMs : null,
        answered_by: answeredBy,
      });
      return at;
    };
    const reply = (role: 'bot' | 'agent', at: number): void => {
      out.messages.push({
        ...base,
        direction: 'out',
        role,
        text: r.pick(role === 'bot' ? DEMO_BOT_REPLIES : DEMO_AGENT_REPLIES),
        created_at: at,
      });
    };

    for (let turn = 0; turn < botTurns; turn++) {
      const responseMs = Math.round(r.logNormal(900, 0.5));
      customerSays('bot', responseMs, turn === 0);
      t += responseMs;
      reply('bot', t);
      if (turn < botTurns - 1) t += Math.round(r.between(5 * SECOND_MS, MINUTE_MS));
    }

    let handedOff = false;
    let resolvedByBot = false;
    let endedAt: number;
    let endReason: string;
    let kbHelpful: boolean | null = null;
    let abandoned = false;
    let surveyKind: 'agent' | 'kb' | null = null;

    if (wantsAgent) {
      handedOff = true;
      const requestedAt = t;
      const ticketId = this.tickets.open(out, {
        ...base,
        customer_id: customer.id,
        intent: topic.intent,
        openedAt: requestedAt,
        priority: topic.intent === 'complaint' ? 'high' : mood < -0.5 ? 'high' : 'normal',
      });
      waitMs = Math.round(r.exponential(90_000) * (r.chance(0.15) ? 4 : 1));
      sentimentDrift = waitMs / 600_000;
      const handoff: DemoRow = { ticket_id: ticketId, conversation_id: id, requested_at: requestedAt };
      if (waitMs > AGENT_TIMEOUT_MS) {
        abandoned = r.chance(0.55);
        endedAt = requestedAt + (abandoned ? Math.round(r.between(30_000, AGENT_TIMEOUT_MS)) : AGENT_TIMEOUT_MS);
        endReason = abandoned ? 'customer_left' : 'idle';
        Object.assign(handoff, {
          status: abandoned ? 'abandoned' : 'timed_out',
          ended_at: endedAt,
          outcome: abandoned ? 'abandoned' : 'timed_out',
        });
        this.tickets.pickUpLater(out, ticketId, endedAt, abandoned ? 0.5 : 0.75, r.pick(this.o.agentIds));
        if (!abandoned) endedAt += IDLE_MS;
      } else {
        const agent = r.pick(this.o.agentIds);
        const acceptedAt = requestedAt + waitMs;
        t = acceptedAt + Math.round(r.between(5_000, 30_000));
        const firstReplyAt = t;
        reply('agent', t);
        for (let turn = r.int(2, 6); turn > 0; turn--) {
          t += Math.round(r.between(10_000, 90_000));
          const responseMs = Math.round(r.logNormal(45_000, 0.6));
          customerSays('agent', responseMs, false);
          t += responseMs;
          reply('agent', t);
        }
        endedAt = t + 30_000;
        endReason = 'agent';
        const solved = r.chance(0.8 + 0.1 * mood);
        Object.assign(handoff, {
          status: 'ended',
          accepted_at: acceptedAt,
          agent_id: agent,
          first_agent_reply_at: firstReplyAt,
          ended_at: endedAt,
          outcome: solved ? 'resolved' : 'unresolved',
        });
        this.tickets.answered(out, ticketId, { agent, acceptedAt, firstReplyAt, endedAt, solved });
        surveyKind = 'agent';
      }
      out.handoffs.push(handoff);
    } else {
      if (!outOfScope && r.chance(0.7)) {
        kbHelpful = r.chance(clamp(0.55 + 0.35 * mood, 0.1, 0.95));
        out.kbFeedback.push({ ...base, article_id: topic.article, helpful: kbHelpful, created_at: t + 10_000 });
        resolvedByBot = kbHelpful && r.chance(0.8);
        if (!kbHelpful && topic.route === 'kb-then-ticket' && r.chance(0.3)) {
          const ticketId = this.tickets.open(out, {
            ...base,
            customer_id: customer.id,
            intent: topic.intent,
            openedAt: t + 20_000,
            priority: 'normal',
          });
          this.tickets.pickUpLater(out, ticketId, t + 20_000, 0.85, r.pick(this.o.agentIds));
        }
        t += 20_000;
      }
      if (r.chance(0.1)) {
        t += Math.round(r.between(5 * SECOND_MS, MINUTE_MS));
        customerSays(null, 0, false);
      }
      const goodbye = r.chance(0.55);
      endedAt = goodbye ? t + 5_000 : t + IDLE_MS;
      endReason = goodbye ? 'goodbye' : 'idle';
      if (r.chance(0.35)) surveyKind = 'kb';
    }

    if (surveyKind) {
      const answered = r.chance(surveyKind === 'agent' ? 0.55 : 0.45);
      const score = 3.1 + 1.7 * mood - waitMs / 240_000 + (kbHelpful === null ? 0 : kbHelpful ? 0.6 : -0.6) + 0.5 * r.normal();
      const rating = answered ? clamp(Math.round(score), 1, 5) : null;
      if (rating !== null && rating >= 4 && !handedOff) resolvedByBot = true;
      out.feedback.push({
        ...base,
        customer_id: customer.id,
        kind: surveyKind,
        rating,
        comment: rating !== null && r.chance(0.4) ? r.pick(DEMO_COMMENTS[rating]) : null,
        sentiment: rating === null ? null : (rating - 3) / 2,
        sent_at: endedAt,
        answered_at: rating === null ? null : endedAt + Math.round(r.between(5_000, 120_000)),
      });
    }
    out.conversations.push({
      id,
      channel_id: customer.channel,
      channel_conversation_id: `${id}-channel`,
      customer_id: customer.id,
      started_at: startedAt,
      last_activity_at: Math.min(endedAt, t),
      ended_at: endedAt,
      end_reason: endReason,
      handed_off: handedOff,
      resolved_by_bot: resolvedByBot,
      out_of_scope: outOfScope,
      first_intent: outOfScope ? null : topic.intent,
    });
  }
}
