import { writeFileSync } from 'node:fs';
import { expect } from 'chai';
import type { Knex } from 'knex';
import { gzipSync } from 'node:zlib';
import { intentsCsvPath } from '../../bot/paths';
import { insertNluModel } from '../../store/nlu-models';
import { readLabelledCsv, type LabelledText } from '../../nlu/training-data';
import { messageActivity, postActivity } from '../../bench/lib/activities';
import { TEST_ADMIN_KEY } from './test-app';

/** Inserts labelled examples as customers' suggestions (a retrain ignores them until an admin confirms them). */
export async function addSuggestions(db: Knex, rows: readonly LabelledText[]): Promise<void> {
  const status = 'suggested';
  const now = Date.now();
  await db('nlu_examples').insert(
    rows.map((r) => ({
      text: r.text,
      intent: r.intent,
      status,
      source: 'clarify_choice',
      suggested_by: 'customer',
      created_at: now,
    })),
  );
}

/**
 * Writes every `every`-th row of the product's training file to `file`: a smaller, quicker
 * training set for tests (its models are judged by the same gate on the same evaluation set).
 */
export function writeTrainingSubset(file: string, every: number): void {
  const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
  const rows = readLabelledCsv(intentsCsvPath).filter((_, i) => i % every === 0);
  writeFileSync(file, ['text,intent', ...rows.map((r) => `${quote(r.text)},${quote(r.intent)}`)].join('\n') + '\n');
}

/** A made-up word no training file knows, taught as `track_order` by confirmed examples. */
export const TAUGHT_WORD = 'glimmerpost';

/** The confirmed examples that teach {@link TAUGHT_WORD}. */
export const TAUGHT_EXAMPLES: LabelledText[] = [
  'glimmerpost',
  'glimmerpost please',
  'where is my glimmerpost',
  'show me the glimmerpost',
  'glimmerpost for my parcel',
  'I need the glimmerpost',
].map((text) => ({ text, intent: 'track_order' }));

/** An admin call to `path` with the test key. */
export function adminFetch(url: string, path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${url}${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${TEST_ADMIN_KEY}`, 'Content-Type': 'application/json', ...init.headers },
  });
}

/** The model list of `GET /admin/nlu/models`. */
export interface ModelList {
  active: string;
  models: Array<{ version: string; accuracy: number; activeAccuracy: number; promoted: boolean; createdAt: number }>;
}

/** Reads `GET /admin/nlu/models`. */
export async function listModels(url: string): Promise<ModelList> {
  const res = await adminFetch(url, '/admin/nlu/models');
  expect(res.status, 'GET /admin/nlu/models').to.equal(200);
  return (await res.json()) as ModelList;
}

/** Starts a retrain and returns its version. */
export async function startRetrain(url: string): Promise<string> {
  const res = await adminFetch(url, '/admin/nlu/retrain', { method: 'POST', body: '{}' });
  const body = (await res.json()) as { version: string };
  expect(res.status, `POST /admin/nlu/retrain: ${JSON.stringify(body)}`).to.equal(202);
  return body.version;
}

/** Waits (polling the admin list) until `version` is stored; fails after `timeoutMs`. */
export async function waitForModel(url: string, version: string, timeoutMs: number): Promise<ModelList['models'][number]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = (await listModels(url)).models.find((m) => m.version === version);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`model ${version} was not stored within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

let conversations = 0;

/**
 * Sends `text` as a customer through `/api/messages` in a new conversation and reads back
 * how the bot understood it (the stored customer message).
 */
export async function understoodBy(
  url: string,
  db: Knex,
  connectorUrl: string,
  text: string,
): Promise<{ intent: string | null; outOfScope: boolean }> {
  const conversationId = `learn-${process.pid}-${++conversations}`;
  const res = await postActivity(url, messageActivity({ serviceUrl: connectorUrl, conversationId, text }));
  expect(res.status, 'POST /api/messages').to.equal(200);
  const row = await db('messages')
    .join('conversations', 'conversations.id', 'messages.conversation_id')
    .where({ 'conversations.channel_conversation_id': conversationId, 'messages.role': 'customer' })
    .first<{ intent: string | null; out_of_scope: boolean | number }>('messages.intent', 'messages.out_of_scope');
  expect(row, `stored customer message of ${conversationId}`).to.not.equal(undefined);
  return { intent: row.intent, outOfScope: Boolean(row.out_of_scope) };
}

/** Whether the bot at `url` understands the taught word as its intent (and in scope). */
export async function knowsTaughtWord(url: string, db: Knex, connectorUrl: string): Promise<boolean> {
  const u = await understoodBy(url, db, connectorUrl, TAUGHT_WORD);
  return u.intent === 'track_order' && !u.outOfScope;
}

/** Polls {@link knowsTaughtWord} until it is true; fails after `timeoutMs`. */
export async function waitUntilTaught(url: string, db: Knex, connectorUrl: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await knowsTaughtWord(url, db, connectorUrl))) {
    if (Date.now() > deadline) throw new Error(`${url} did not understand "${TAUGHT_WORD}" within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Sends an admin call with the test key; answers with the status and the JSON body. */
async function adminPost(url: string, path: string, body: unknown): Promise<{ status: number; body: string }> {
  const res = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TEST_ADMIN_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.text() };
}

/** Teaches `rows` through `POST /admin/nlu/examples`, as an admin labelling texts does. */
export async function teachExamples(url: string, rows: readonly LabelledText[]): Promise<void> {
  for (const { text, intent } of rows) {
    const res = await adminPost(url, '/admin/nlu/examples', { text, intent });
    expect(res.status, res.body).to.equal(201);
  }
}

/** Confirms every suggested example through `POST /admin/nlu/examples/:id/confirm`. */
export async function confirmSuggestions(url: string, db: Knex): Promise<void> {
  const ids = (await db('nlu_examples').where({ status: 'suggested' }).pluck('id')) as number[];
  for (const id of ids) {
    const res = await adminPost(url, `/admin/nlu/examples/${id}/confirm`, {});
    expect(res.status, res.body).to.be.oneOf([200, 201]);
  }
}

/** Stores `json` as model version `version`, promoted over the shipped model (it becomes the active one). */
export async function storeActiveModel(db: Knex, version: string, json: string): Promise<void> {
  const outcome = await insertNluModel(db, {
    version,
    modelGz: gzipSync(json),
    accuracy: 0.9,
    activeAccuracy: 0.8,
    passedGate: true,
    exampleIds: [],
    figures: {},
    createdAt: 1,
  });
  expect(outcome, `${version} is stored and active`).to.equal('promoted');
}
