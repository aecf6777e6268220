/**
 * `npm run demo:seed`: writes a realistic synthetic support history into the configured
 * database (DATABASE_URL, default the app's SQLite file) so the dashboard has something to
 * show: 10,000 conversations over the last 90 days unless told otherwise, then fits the
 * satisfaction model and the customer segments; adds fictional demo orders (PP-100000 upwards)
 * for order status. Options: --conversations N --days N --seed N --orders N.
 * The last stdout line is a JSON summary.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { envSchema } from '../bot/config';
import { migrateLatest, openDatabase } from '../store/db';
import { seedDemoHistory } from '../store/demo/seed-demo-history';
import { demoOrderRows } from '../store/demo/demo-orders';
import { insertOrders } from '../store/orders';
import { refitMetricModels } from '../bot/metrics/refit-models';

const argsSchema = z.object({
  conversations: z.coerce.number().int().min(1).max(2_000_000).default(10_000),
  days: z.coerce.number().int().min(1).max(3650).default(90),
  seed: z.coerce.number().int().default(42),
  // Numbers PP-100000 upwards: more than 100,000 would leave the six digits of the format.
  orders: z.coerce.number().int().min(0).max(50_000).default(2_000),
});

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { conversations: { type: 'string' }, days: { type: 'string' }, seed: { type: 'string' }, orders: { type: 'string' } },
  });
  const args = argsSchema.parse(values);
  const { DATABASE_URL } = envSchema.pick({ DATABASE_URL: true }).parse(process.env);
  const db = openDatabase(DATABASE_URL);
  try {
    const started = performance.now();
    await migrateLatest(db);
    console.log(`seeding ${args.conversations} conversations over ${args.days} days into ${DATABASE_URL.replace(/\/\/[^@/]*@/, '//…@')}`);
    const history = await seedDemoHistory(db, args);
    const summary = { ...history, orders: await insertOrders(db, demoOrderRows(args.orders, args.seed, Date.now())) };
    const seededS = (performance.now() - started) / 1000;
    const models = await refitMetricModels(db);
    const totalS = (performance.now() - started) / 1000;
    console.log(
      `rows: ${Object.entries(summary)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    );
    console.log(
      `satisfaction model MAE ${models.satisfaction?.mae?.toFixed(3) ?? 'n/a'}; segments: ${models.segments?.segments.map((s) => `${s.label} (${s.size})`).join(', ') ?? 'n/a'}`,
    );
    console.log(
      JSON.stringify({
        ...summary,
        seedS: round(seededS),
        totalS: round(totalS),
        modelMae: models.satisfaction?.mae ?? null,
        segments: models.segments?.k ?? null,
      }),
    );
  } finally {
    await db.destroy();
  }
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

main().catch((error: unknown) => {
  console.error(error instanceof z.ZodError ? z.prettifyError(error) : error instanceof Error ? error.message.slice(0, 2000) : error);
  process.exitCode = 2;
});
