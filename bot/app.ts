import type { AddressInfo } from 'node:net';
import type { Knex } from 'knex';
import type { Server } from 'restify';
import { migrateLatest, openDatabase } from '../store/db';
import { activatePinnedTeam } from '../store/agent-channels';
import { createAdapter, type AdapterOverrides } from './adapter';
import type { Config } from './config';
import { InFlight } from './in-flight';
import { createLogger, type Logger } from './logger';
import { registerAdminAgentDeskRoutes } from './routes/admin-agent-desk';
import { registerAdminAgentRoutes } from './routes/admin-agents';
import { registerAdminKbRoutes } from './routes/admin-kb';
import { registerAgentTab } from './routes/agent-tab';
import { registerAdminPrivacyRoutes } from './routes/admin-privacy';
import { registerAdminNluRoutes } from './routes/admin-nlu';
import { KnownIntents } from './known-intents';
import { registerAdminTicketRoutes } from './routes/admin-tickets';
import { registerHealthRoutes } from './routes/health';
import { registerAdminStatsRoutes } from './routes/admin-stats';
import { registerMessagesRoute } from './routes/messages';
import { createServer } from './server';
import { SupportBot } from './support-bot';
import { CustomerDialog } from '../dialogs/customer-dialog';
import type { Understander } from '../dialogs/ports';
import { knexRepositories } from '../store/knex-repositories';
import { CustomerConversations } from './turn/customer-conversations';
import { CustomerOutbox } from './turn/customer-outbox';
import { CustomerTurns } from './turn/customer-turns';
import { loadShopVocabulary, Nlu, type ShopVocabularySource } from '../nlu';
import { demoOrderLookup, insertOrders, noOrders } from '../store/orders';
import { sampleOrderRows } from '../store/demo/demo-orders';
import { DialogStates } from './turn/dialog-states';
import { ThreadedUnderstander } from './nlu-threads/threaded-understander';
import { SwappableUnderstander, type ClosableUnderstander } from './nlu-threads/swappable-understander';
import { LanguageUnderstander, loadLanguageUnderstanders } from './nlu-threads/language-understander';
import { ModelFollower } from './nlu-models/model-follower';
import { Retrainer, SHIPPED_VERSION } from './nlu-models/retrainer';
import { registerAdminNluModelRoutes } from './routes/admin-nlu-models';
import { KnexStateStorage } from '../store/state-storage';
import { DIRECTLINE_SERVICE_URL } from './directline/directline-adapter';
import { AgentActions } from './handoff/agent-actions';
import { HANDOFF_TIMEOUT, TeamsAgentDesk } from './handoff/agent-desk';
import { AgentsChannel } from './handoff/agents-channel';
import { AgentsTeamRoster, TeamRoster } from './handoff/agent-roster';
import { TicketLifecycle } from './handoff/ticket-lifecycle';
import { EmailFollowUp } from './handoff/email-follow-up';
import { EmailSender, smtpTransport } from './handoff/email-sender';
import { KnowledgeBase } from './knowledge-base';
import { loadMessageLanguage } from './turn/message-language';
import { shippedModelPath, shippedModelPathOf } from './paths';
import { ProactiveMessenger } from './proactive';
import { startBackgroundJobs } from './background-jobs';
import { ModelRefresher } from './metrics/model-refresher';
import type { Scheduler } from './scheduler';
import { registerWebWidget } from './webchat/web-widget';
import { sharedLimiter } from './webchat/rate-limit';
import { RefusedCalls } from './refused-calls';
import { PhotoLinks } from './photos/photo-links';

/** Options of {@link createApp}. */
export interface AppOptions {
  config: Config;
  logger?: Logger;
  adapterOverrides?: AdapterOverrides;
  /** The NLU; defaults to the shipped model. */
  nlu?: Understander;
  /** How long a turn's claim on its message holds (tests of a crashed instance shorten it). */
  claimLeaseMs?: number;
}

/** A wired, migrated application that is not yet listening. */
export interface App {
  readonly config: Config;
  readonly server: Server;
  readonly db: Knex;
  readonly logger: Logger;
  readonly scheduler: Scheduler;
  readonly knowledgeBase: KnowledgeBase;
  /** Starts listening; resolves with the base URL. */
  listen(port?: number, host?: string): Promise<string>;
  /** Graceful shutdown: stop accepting, finish in-flight turns, close the database. */
  close(): Promise<void>;
}

/** An understander of the model file `modelPath` with the shop's vocabulary, on worker threads unless `NLU_THREADS=0`. */
function loadUnderstander(config: Config, logger: Logger, modelPath: string): Promise<ClosableUnderstander> {
  const shop: ShopVocabularySource = { orderNumberFormats: config.orderNumberFormats, productCatalogueFile: config.productCatalogue };
  if (config.nluThreads === 0) return Promise.resolve(Nlu.load(modelPath, loadShopVocabulary(shop)));
  return ThreadedUnderstander.start(modelPath, config.nluThreads, logger, shop);
}

/**
 * Writes the demo shop's sample orders into an empty `orders` table, so order status works in
 * a new install (docs/order-lookup.md); never in production, where a shop plugs in its own system.
 */
async function seedSampleOrders(db: Knex, config: Config): Promise<void> {
  if (!config.production && (await noOrders(db))) await insertOrders(db, sampleOrderRows(Date.now()));
}

/** Builds the whole application from one config: database, adapter, bot, routes. */
export async function createApp(options: AppOptions): Promise<App> {
  const { config } = options;
  const logger = options.logger ?? createLogger(config.logLevel);
  const db = openDatabase(config.databaseUrl);
  await migrateLatest(db);
  if (config.agentsTeamId) await activatePinnedTeam(db, config.agentsTeamId);
  await seedSampleOrders(db, config);

  const knowledgeBase = new KnowledgeBase(db, logger);
  await knowledgeBase.seedAndIndex();
  const load = (modelPath: string) => loadUnderstander(config, logger, modelPath);
  const english = options.nlu ?? new SwappableUnderstander(SHIPPED_VERSION, await load(shippedModelPath));
  // German and Chinese models load only beside the real English one (a test's fake understands every language).
  const nlu = options.nlu ?? new LanguageUnderstander(english, await loadLanguageUnderstanders(load, shippedModelPathOf));
  // Every instance follows the English model version active in the database (the shipped one until a retrain is promoted).
  const follower =
    english instanceof SwappableUnderstander
      ? new ModelFollower({ db, logger, understander: english, load, pollMs: config.nluLearning.pollMs, shippedModelPath })
      : undefined;
  await follower?.sync();
  follower?.start();
  const retrainer = new Retrainer({ db, logger, ...config.nluLearning, shippedModelPath });

  const repos = knexRepositories(db);
  const adapter = createAdapter(config, logger, options.adapterOverrides);
  const messenger = new ProactiveMessenger(config.botAuth.appId ?? '', adapter);
  const outbox = new CustomerOutbox(db, repos.messages, messenger);
  const photoLinks = new PhotoLinks(config.webchatSecret, config.publicUrl);
  const emailSender = config.mail.smtpUrl ? new EmailSender(db, smtpTransport(config.mail.smtpUrl), config.mail.from, logger) : undefined;
  const followUp = new EmailFollowUp({
    db,
    customerAbsentMs: config.customerAbsentMs,
    canSend: emailSender !== undefined,
    onQueued: () => void emailSender?.sendDue().catch((error: unknown) => logger.warn({ err: error }, 'email: sending failed')),
  });
  const desk = new TeamsAgentDesk({
    db,
    repos,
    messenger,
    outbox,
    logger,
    agentTimeoutMs: config.agentTimeoutMs,
    businessHours: config.businessHours,
    followUp,
    photoLinks,
  });
  const teamRoster = new TeamRoster();
  const agentActions = new AgentActions(db, desk, logger, followUp);
  const tickets = new TicketLifecycle({ db, repos, desk, actions: agentActions, logger, autocloseMs: config.ticketAutocloseMs });
  const agentsChannel = new AgentsChannel({
    db,
    actions: agentActions,
    roster: teamRoster,
    logger,
    tickets,
    pinnedTeamId: config.agentsTeamId,
  });
  const customerTurns = new CustomerTurns({
    repos,
    conversations: new CustomerConversations(db, config.conversationIdleMs),
    outbox,
    nlu,
    dialog: new CustomerDialog({ repos, nlu, kb: knowledgeBase, orders: demoOrderLookup(db) }),
    messageLanguage: await loadMessageLanguage(),
    desk,
    tickets,
    states: new DialogStates(new KnexStateStorage(db)),
    logger,
    claimLeaseMs: options.claimLeaseMs,
  });
  const bot = new SupportBot(agentsChannel, customerTurns);
  const modelRefresher = new ModelRefresher(db);
  const inFlight = new InFlight();
  const server = createServer(config);
  registerHealthRoutes(server, db);
  const refusals = RefusedCalls.forDatabase(db, config.rateLimitRefusedPerMin, logger);
  registerAdminStatsRoutes(server, { config, db, logger, refusals, refresher: modelRefresher });
  const conversationLimiter = sharedLimiter(db, 'conversation', config.rateLimitConversationPerMin);
  registerMessagesRoute(server, { adapter, bot, logger, inFlight, conversationLimiter, maxUploadBytes: config.maxUploadBytes });
  registerAdminKbRoutes(server, { config, db, logger, refusals, knowledgeBase });
  registerAdminAgentDeskRoutes(server, { config, db, logger, refusals, desk, actions: agentActions });
  registerAdminPrivacyRoutes(server, { config, db, logger, refusals });
  registerAdminAgentRoutes(server, { config, db, logger, refusals });
  const intents = KnownIntents.load(config.nluLearning.trainingPath);
  registerAdminNluRoutes(server, { config, db, logger, refusals, intents });
  registerAdminNluModelRoutes(server, { config, db, logger, refusals, retrainer });
  registerAgentTab(server, {
    config,
    db,
    logger,
    refusals,
    actions: agentActions,
    tickets,
    intents,
    roster: new AgentsTeamRoster(db, messenger, teamRoster),
    photoLinks,
  });
  registerAdminTicketRoutes(server, { config, db, logger, refusals, tickets, photoLinks, intents });
  const directLine = registerWebWidget(server, {
    config,
    db,
    logger,
    bot,
    inFlight,
    conversationLimiter,
  });
  messenger.register(DIRECTLINE_SERVICE_URL, directLine);
  const jobs = await startBackgroundJobs({
    db,
    config,
    logger,
    knowledgeBase,
    refresher: modelRefresher,
    tickets,
    emailSender,
    retrainer,
    timerHandlers: { [HANDOFF_TIMEOUT]: (key) => agentActions.timeout(Number(key)) },
  });

  let closed = false;
  return {
    config,
    server,
    db,
    logger,
    scheduler: jobs.scheduler,
    knowledgeBase,
    listen: (port = config.port, host = '0.0.0.0') =>
      new Promise((resolve) => {
        server.listen(port, host, () => {
          const address = server.address() as AddressInfo;
          resolve(`http://127.0.0.1:${address.port}`);
        });
      }),
    async close() {
      if (closed) return;
      closed = true;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.server.closeIdleConnections();
      });
      if (!(await inFlight.drain(10_000))) logger.warn('shutdown: turns still running after 10 s');
      await jobs.stop();
      await retrainer.stop();
      if (follower) await follower.stop();
      else if (english instanceof ThreadedUnderstander) await english.close();
      if (nlu instanceof LanguageUnderstander) await nlu.close();
      await db.destroy();
    },
  };
}
