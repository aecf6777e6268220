import type { Knex } from 'knex';
import { claimGreeting, endConversation, markConversation, releaseGreeting, setFirstIntent } from './conversations';
import { changeCustomerEmail, customerEmailOf } from './customer-emails';
import { eraseCustomer } from './customer-erasure';
import { exportCustomer } from './customer-export';
import {
  kbVoteExists,
  pendingSurveyOf,
  recordKbFeedback,
  recordSurveyAnswer,
  recordSurveySent,
  surveyAwaitsAnswer,
  surveyWasSent,
} from './feedback';
import { claimHandoff, liveHandoffOf } from './handoffs';
import { storePhotos } from './photos';
import { claimIncoming, listMessages, markHandled, releaseClaim, renewClaim, retakeClaim, storeOutgoing } from './messages';
import { isCustomerAtRisk } from './metrics/segment-summary';
import { lookupFailures, recordLookupFailure } from './order-lookup-failures';
import { suggestExample } from './nlu-examples';
import { flagForReview } from './nlu-review';
import type { Repositories } from './repositories';
import { purgeOldCustomerText } from './retention';
import { customerTicketStatus } from './ticket-status';
import {
  addTicketEvent,
  getTicket,
  latestTicketOf,
  listActiveTickets,
  listTicketEvents,
  markFirstAgentReply,
  openTicket,
  resolvedTicketsBefore,
  setTicketStatus,
  transitionTicket,
} from './tickets';
import { cancelTimer, claimDueTimers, completeTimer, scheduleTimer } from './timers';

/** The repositories of store/repositories.ts on one knex database (SQLite or PostgreSQL). */
export function knexRepositories(db: Knex): Repositories {
  return {
    messages: {
      claim: (message, claimUntil) => claimIncoming(db, message, claimUntil),
      retake: (id, now, claimUntil) => retakeClaim(db, id, now, claimUntil),
      renew: (id, claimUntil) => renewClaim(db, id, claimUntil),
      release: (id) => releaseClaim(db, id),
      markHandled: (id, now, understanding) => markHandled(db, id, now, understanding),
      storeOutgoing: (message) => storeOutgoing(db, message),
      list: (conversationId) => listMessages(db, conversationId),
      storePhotos: (messageId, conversationId, photos, now) => storePhotos(db, { messageId, conversationId, photos, now }),
    },
    conversations: {
      flag: (conversationId, flags) => markConversation(db, conversationId, flags),
      setFirstIntent: (conversationId, intent) => setFirstIntent(db, conversationId, intent),
      end: (conversationId, reason, now) => endConversation(db, conversationId, reason, now),
      claimGreeting: (conversationId, now) => claimGreeting(db, conversationId, now),
      releaseGreeting: (conversationId) => releaseGreeting(db, conversationId),
    },
    feedback: {
      surveySent: (s) => recordSurveySent(db, s),
      surveyAnswered: (a) => recordSurveyAnswer(db, a),
      pendingSurvey: (customerId, since) => pendingSurveyOf(db, customerId, since),
      kbVoted: (f) => recordKbFeedback(db, f),
      wasSurveySent: (conversationId, kind) => surveyWasSent(db, conversationId, kind),
      awaitsSurveyAnswer: (conversationId, customerId, kind) => surveyAwaitsAnswer(db, conversationId, customerId, kind),
      hasKbVote: (conversationId, articleId) => kbVoteExists(db, conversationId, articleId),
    },
    customers: {
      isAtRisk: (customerId) => isCustomerAtRisk(db, customerId),
      emailFollowUp: (customerId) => customerEmailOf(db, customerId),
      changeEmail: (change) => changeCustomerEmail(db, change),
    },
    ticketStatus: { latestOf: (customerId) => customerTicketStatus(db, customerId) },
    orderLookups: {
      failures: (keys, now) => lookupFailures(db, keys, now),
      recordFailure: (keys, now) => recordLookupFailure(db, keys, now),
    },
    learning: {
      flagForReview: (signal) => flagForReview(db, signal),
      suggest: (suggestion) => suggestExample(db, suggestion),
    },
    handoffs: {
      liveOf: (conversationId) => liveHandoffOf(db, conversationId),
      claim: (id, agentId, now) => claimHandoff(db, id, agentId, now),
    },
    timers: {
      schedule: (t) => scheduleTimer(db, t),
      cancel: (kind, key) => cancelTimer(db, kind, key),
      claimDue: (owner, now, leaseMs, limit) => claimDueTimers(db, owner, now, leaseMs, limit),
      complete: (timer, owner) => completeTimer(db, timer, owner),
    },
    tickets: {
      open: (t) => openTicket(db, t),
      get: (id) => getTicket(db, id),
      transition: (id, from, to, change) => transitionTicket(db, id, from, to, change),
      setStatus: (id, to, change) => setTicketStatus(db, id, to, change),
      latestOf: (customerId, statuses) => latestTicketOf(db, customerId, statuses),
      resolvedBefore: (cutoff, limit) => resolvedTicketsBefore(db, cutoff, limit),
      addEvent: (ticketId, type, actor, data, now) => addTicketEvent(db, ticketId, type, actor, data, now),
      events: (ticketId) => listTicketEvents(db, ticketId),
      markFirstAgentReply: (id, now) => markFirstAgentReply(db, id, now),
      listActive: (limit) => listActiveTickets(db, limit),
    },
    privacy: {
      export: (customerId) => exportCustomer(db, customerId),
      erase: (customerId, now) => eraseCustomer(db, customerId, now),
      purgeOldText: (retentionDays, now) => purgeOldCustomerText(db, retentionDays, now),
    },
  };
}
