import { expect } from 'chai';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { runBackup } from '../../bot/backup-command';
import { messageActivity, postActivity } from '../../bench/lib/activities';
import { startTestApp, type TestApp } from '../helpers/test-app';

function io() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const read = (s: PassThrough) => (s.read() ?? '').toString();
  return { io: { stdin: new PassThrough(), stdout, stderr }, out: () => read(stdout), err: () => read(stderr) };
}

describe('support-bot backup', () => {
  let t: TestApp;
  let dir: string;
  before(async () => {
    t = await startTestApp();
    dir = mkdtempSync(path.join(os.tmpdir(), 'support-bot-backup-'));
    for (let i = 0; i < 5; i++) {
      await postActivity(t.url, messageActivity({ serviceUrl: t.connector.url, conversationId: `b-${i}`, text: 'where is my order' }));
    }
  });
  after(async () => {
    await t.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('copies the live database into a file that restores with every row and passes integrity_check', async () => {
    const out = path.join(dir, 'backup.sqlite');
    const c = io();
    const code = await runBackup(['--out', out], c.io, { DATABASE_URL: t.database.url });
    expect(code, c.err()).to.equal(0);
    expect(JSON.parse(c.out()).backup).to.equal(out);

    const restored = await startTestApp({
      database: { url: `sqlite:${out}`, dispose: async () => rmSync(out, { force: true }) },
      connector: t.connector,
    });
    try {
      const integrity: Array<{ integrity_check: string }> = await restored.app.db.raw('PRAGMA integrity_check');
      expect(integrity).to.deep.equal([{ integrity_check: 'ok' }]);
      const original = await t.app.db('messages').count({ n: '*' });
      const copy = await restored.app.db('messages').count({ n: '*' });
      expect(Number(copy[0].n)).to.equal(Number(original[0].n)).and.to.be.greaterThan(0);
    } finally {
      await restored.stop();
    }
  });

  it('refuses to overwrite an existing file (exit 2, clear message)', async () => {
    const out = path.join(dir, 'exists.sqlite');
    const first = io();
    expect(await runBackup(['--out', out], first.io, { DATABASE_URL: t.database.url })).to.equal(0);
    const second = io();
    expect(await runBackup(['--out', out], second.io, { DATABASE_URL: t.database.url })).to.equal(2);
    expect(second.err()).to.match(/already exists/);
  });

  it('prints the usage and exits 2 without --out', async () => {
    const c = io();
    expect(await runBackup([], c.io, {})).to.equal(2);
    expect(c.err()).to.match(/usage: support-bot backup --out FILE/);
  });

  it('points PostgreSQL users to pg_dump', async () => {
    const c = io();
    expect(await runBackup(['--out', path.join(dir, 'x')], c.io, { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' })).to.equal(2);
    expect(c.err()).to.match(/pg_dump/);
    expect(existsSync(path.join(dir, 'x'))).to.equal(false);
  });
});
