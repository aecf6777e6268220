import type { Knex } from 'knex';
import * as initial from './20261125120000-initial-schema';
import * as directLine from './20261125130000-directline';
import * as metrics from './20261125140000-metrics';
import * as textForComposedValues from './20261126120000-text-for-composed-values';
import * as turnClaims from './20261130120000-turn-claims';
import * as agentCredentials from './20261201120000-agent-credentials';
import * as ticketSearch from './20261201120000-ticket-search';
import * as sessionsAndRateLimits from './20261201120000-sessions-and-rate-limits';
import * as greetings from './20261201130000-greetings';
import * as emailFollowUp from './20261202090000-email-follow-up';
import * as nluExamples from './20261202090000-nlu-examples';
import * as nluModels from './20261202091000-nlu-models';
import * as orders from './20261202120000-orders';
import * as statsRollups from './20261202120000-stats-rollups';
import * as messagePhotos from './20261202150000-message-photos';
import * as nluModelExamples from './20261203090000-nlu-model-examples';
import * as statsHourly from './20261203090000-stats-hourly';
import * as languages from './20261203100000-languages';
import * as statsCustomerPresence from './20261203100000-stats-customer-presence';
import * as kbArticleLanguages from './20261203110000-kb-article-languages';
import * as customerIdsInNewTables from './20261203120000-customer-ids-in-new-tables';

interface Migration {
  up(db: Knex): Promise<void>;
  down(db: Knex): Promise<void>;
}

// Listed explicitly (not read from a folder) so the same list works from TypeScript
// sources and from the compiled dist/. Append new migrations; never edit landed ones.
const migrations: Array<readonly [string, Migration]> = [
  ['20261125120000-initial-schema', initial],
  ['20261125130000-directline', directLine],
  ['20261125140000-metrics', metrics],
  ['20261126120000-text-for-composed-values', textForComposedValues],
  ['20261130120000-turn-claims', turnClaims],
  ['20261201120000-agent-credentials', agentCredentials],
  ['20261201120000-ticket-search', ticketSearch],
  ['20261201120000-sessions-and-rate-limits', sessionsAndRateLimits],
  ['20261201130000-greetings', greetings],
  ['20261202090000-email-follow-up', emailFollowUp],
  ['20261202090000-nlu-examples', nluExamples],
  ['20261202091000-nlu-models', nluModels],
  ['20261202120000-orders', orders],
  ['20261202120000-stats-rollups', statsRollups],
  ['20261202150000-message-photos', messagePhotos],
  ['20261203090000-nlu-model-examples', nluModelExamples],
  ['20261203090000-stats-hourly', statsHourly],
  ['20261203100000-languages', languages],
  ['20261203100000-stats-customer-presence', statsCustomerPresence],
  ['20261203110000-kb-article-languages', kbArticleLanguages],
  ['20261203120000-customer-ids-in-new-tables', customerIdsInNewTables],
];

/** knex migration source over the static list above. */
export const migrationSource: Knex.MigrationSource<readonly [string, Migration]> = {
  getMigrations: async () => migrations,
  getMigrationName: ([name]) => name,
  getMigration: async ([, migration]) => migration,
};
