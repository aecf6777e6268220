/**
 * The baseline of the turn benchmark: a minimal botbuilder echo bot on restify 11, as the
 * Bot Framework samples build it. CloudAdapter without credentials, no storage, no NLU, no
 * transcript. Greets members who join and echoes every message. Listens on 127.0.0.1:`PORT`.
 */
import { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import restify from 'restify';

/** The echo bot of the Bot Framework samples. */
class EchoBot extends ActivityHandler {
  constructor() {
    super();
    this.onMessage(async (context, next) => {
      await context.sendActivity(`Echo: ${context.activity.text ?? ''}`);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      for (const member of context.activity.membersAdded ?? []) {
        if (member.id !== context.activity.recipient.id) await context.sendActivity('Hello and welcome!');
      }
      await next();
    });
  }
}

function main(): void {
  const port = Number(process.env.PORT ?? 3979);
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  adapter.onTurnError = async (context, error) => {
    process.stderr.write(`echo-bot: turn failed: ${error.message}\n`);
    await context.sendActivity('The bot encountered an error.');
  };
  const bot = new EchoBot();
  const server = restify.createServer({ name: 'echo-bot' });
  // Keep-alive as long as the support bot's (bot/server.ts): Node's 5 s default closes sockets
  // that idle while the other targets' rounds run, and the next round's first requests on them fail.
  server.server.keepAliveTimeout = 65_000;
  server.server.headersTimeout = 66_000;
  server.use(restify.plugins.bodyParser());
  server.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, (context) => bot.run(context));
  });
  server.listen(port, '127.0.0.1', () => process.stdout.write(`echo-bot listening on 127.0.0.1:${port}\n`));
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}

main();
