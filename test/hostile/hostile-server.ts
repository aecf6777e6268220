import { expect } from 'chai';
import type { Knex } from 'knex';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { HOSTILE_MAX_BODY_BYTES, type RawBody } from './hostile-input';

/** What a hostile request got back. */
export interface HostileAnswer {
  status: number;
  contentType: string;
  text: string;
  headers: Headers;
}

/** One request as a client could send it. */
export interface HostileRequest {
  method: string;
  path: string;
  headers?: Record<string, string | undefined>;
  body?: RawBody;
}

/** Sends a request as raw as `fetch` allows and reads the whole answer. */
export async function send(baseUrl: string, request: HostileRequest): Promise<HostileAnswer> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers ?? {})) if (value !== undefined) headers[name] = value;
  const withBody = request.body !== undefined && request.method !== 'GET' && request.method !== 'HEAD';
  const res = await fetch(`${baseUrl}${request.path}`, {
    method: request.method,
    headers,
    body: withBody ? request.body : undefined,
    redirect: 'manual',
  });
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', text: await res.text(), headers: res.headers };
}

/**
 * Asserts the hostile-input contract on one answer: never a 5xx, and every 4xx is JSON with a
 * non-empty `error` message. Returns the parsed error message for 4xx answers.
 */
export function expectClientSafeAnswer(answer: HostileAnswer, what: string): string | undefined {
  expect(answer.status, `${what}: status ${answer.status}, body ${answer.text.slice(0, 300)}`).to.be.below(500);
  if (answer.status < 400) return undefined;
  expect(answer.contentType, `${what}: ${answer.status} answered as ${answer.contentType}: ${answer.text.slice(0, 200)}`).to.match(
    /^application\/json/,
  );
  const body: unknown = JSON.parse(answer.text);
  const error = (body as { error?: unknown })?.error;
  expect(error, `${what}: ${answer.status} body without an error message: ${answer.text.slice(0, 200)}`)
    .to.be.a('string')
    .and.not.equal('');
  return error as string;
}

/** Row counts of every application table except the audit log (what a rejected request may write). */
export async function rowCounts(db: Knex): Promise<Record<string, number>> {
  const tables = await db('sqlite_master')
    .where({ type: 'table' })
    .whereNot('name', 'like', 'sqlite_%')
    .whereNot('name', 'like', 'knex_%')
    .whereNot({ name: 'audit_log' })
    .pluck('name');
  const counts: Record<string, number> = {};
  for (const table of tables as string[]) counts[table] = Number((await db(table).count({ n: '*' }))[0].n);
  return counts;
}

/** Number of audit-log rows. */
export async function auditRows(db: Knex): Promise<number> {
  return Number((await db('audit_log').count({ n: '*' }))[0].n);
}

/**
 * Sends `request` and checks the contract: a client-safe answer and, when it is refused
 * (4xx), no row written anywhere but the audit log and the `tolerated` tables. Returns the answer.
 */
export async function probe(baseUrl: string, db: Knex, request: HostileRequest, tolerated: string[] = []): Promise<HostileAnswer> {
  const before = await rowCounts(db);
  const answer = await send(baseUrl, request);
  const what = `${request.method} ${request.path}`;
  expectClientSafeAnswer(answer, what);
  if (answer.status >= 400) {
    const after = await rowCounts(db);
    for (const table of tolerated) after[table] = before[table];
    expect(after, `${what} refused with ${answer.status} but wrote rows`).to.deep.equal(before);
  }
  return answer;
}

/** Asserts the server still answers `/healthz` with 200. */
export async function expectAlive(baseUrl: string): Promise<void> {
  const res = await fetch(`${baseUrl}/healthz`);
  expect(res.status, 'GET /healthz after the hostile requests').to.equal(200);
}

/** Environment of the hostile-input suites: a small body limit and no rate limits. */
export const HOSTILE_ENV = {
  MAX_BODY_BYTES: String(HOSTILE_MAX_BODY_BYTES),
  RATE_LIMIT_CONVERSATION_PER_MIN: '0',
  RATE_LIMIT_WIDGET_PER_MIN: '0',
  RATE_LIMIT_REFUSED_PER_MIN: '0',
};

/**
 * Registers mocha hooks for a suite under hostile input: one real server with
 * {@link HOSTILE_ENV} (handed to `keep`), alive after every test, disposed at the end.
 */
export function useHostileApp(keep: (app: TestApp) => void, env: Record<string, string> = {}): void {
  let app: TestApp | undefined;
  before(async () => {
    app = await startTestApp({ env: { ...HOSTILE_ENV, ...env } });
    keep(app);
  });
  after(async () => {
    await app?.dispose();
  });
  afterEach(async () => {
    if (app) await expectAlive(app.url);
  });
}
