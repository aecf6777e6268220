import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';

import { expect } from 'chai';

import { IntentModel, runNluCli } from '../../nlu';
import { fixtures, smallModel } from './fixture-model';

const repoRoot = path.join(__dirname, '..', '..');

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

async function run(argv: string[], stdinText = ''): Promise<RunResult> {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  stdin.end(stdinText);
  const code = await runNluCli(argv, { stdin, stdout, stderr, defaultModelPath: smallModel().file });
  return { code, stdout: out, stderr: err };
}

function expectCleanError(result: RunResult, pattern: RegExp): void {
  expect(result.code, 'exit code').to.equal(2);
  expect(result.stderr).to.match(pattern);
  expect(result.stderr, 'no stack trace').not.to.match(/\n\s+at /);
  expect(result.stdout).to.equal('');
}

describe('support-bot nlu (runNluCli)', () => {
  describe('train', () => {
    it('writes a loadable model and prints a one-line JSON summary', async () => {
      const out = path.join(mkdtempSync(path.join(tmpdir(), 'nlu-cli-')), 'sub', 'model.json');
      const result = await run(['train', '--data', fixtures.small, '--out', out, '--seed', '3']);
      expect(result.code).to.equal(0, result.stderr);
      expect(existsSync(out)).to.equal(true);
      const summary = JSON.parse(result.stdout.trim()) as { rows: number; intents: number };
      expect(summary).to.include({ rows: 60, intents: 4 });
    });

    it('fails with exit 2 when --out is missing', async () => {
      expectCleanError(await run(['train', '--data', fixtures.small]), /missing --out/);
    });

    for (const [language, data] of [
      ['de', fixtures.smallGerman],
      ['zh', fixtures.smallChinese],
    ] as const) {
      it(`trains a ${language} model with --lang ${language} and records the language in it`, async () => {
        const out = path.join(mkdtempSync(path.join(tmpdir(), 'nlu-cli-')), 'model.json');
        const result = await run(['train', '--data', data, '--out', out, '--lang', language]);
        expect(result.code).to.equal(0, result.stderr);
        expect(JSON.parse(result.stdout.trim())).to.include({ language, rows: 32, intents: 3 });
        expect(IntentModel.load(out).language).to.equal(language);
      });
    }

    it('fails with exit 2 naming the shipped languages when --lang is not one of them', async () => {
      expectCleanError(
        await run(['train', '--data', fixtures.small, '--out', '/tmp/x.json', '--lang', 'es']),
        /--lang must be one of en, de, zh, got es/,
      );
    });

    it('fails with exit 2 when --seed is not an integer', async () => {
      expectCleanError(await run(['train', '--data', fixtures.small, '--out', '/tmp/x.json', '--seed', 'abc']), /seed/);
    });
  });

  describe('eval', () => {
    it('prints exactly one JSON line with the contract fields when --json is given', async () => {
      const result = await run(['eval', '--data', fixtures.utteranceCategory, '--json']);
      expect(result.code).to.equal(0, result.stderr);
      const lines = result.stdout.trim().split('\n');
      expect(lines).to.have.length(1);
      const report = JSON.parse(lines[0]) as Record<string, unknown>;
      expect(Object.keys(report)).to.have.members(['n', 'accuracy', 'macroF1', 'inScopeAccuracy', 'oosRecall', 'oosPrecision']);
      expect(report.n).to.equal(30);
      expect(report.oosRecall).to.be.a('number');
    });

    it('reads a label,text header and reports null oos figures when the data has no oos rows', async () => {
      const result = await run(['eval', '--data', fixtures.labelText, '--json']);
      expect(result.code).to.equal(0, result.stderr);
      const report = JSON.parse(result.stdout) as { n: number; oosRecall: unknown; oosPrecision: unknown };
      expect(report.n).to.equal(20);
      expect(report.oosRecall).to.equal(null);
      expect(report.oosPrecision).to.equal(null);
    });

    it('ignores extra columns (the kind column of the shop evaluation set)', async () => {
      const result = await run(['eval', '--data', path.join(repoRoot, 'test', 'fixtures', 'nlu', 'shop-eval.csv'), '--json']);
      expect(result.code).to.equal(0, result.stderr);
      const report = JSON.parse(result.stdout) as Record<string, unknown>;
      expect(Object.keys(report)).to.have.members(['n', 'accuracy', 'macroF1', 'inScopeAccuracy', 'oosRecall', 'oosPrecision']);
      expect(report.n).to.equal(1197);
    });

    it('prints a readable table without --json', async () => {
      const result = await run(['eval', '--data', fixtures.utteranceCategory]);
      expect(result.stdout).to.match(/^accuracy\s+\d\.\d{4}$/m);
    });

    it('fails with exit 2 and a message when the text column is missing', async () => {
      expectCleanError(await run(['eval', '--data', fixtures.missingColumn, '--json']), /missing column/);
    });

    it('fails with exit 2 when the data file is empty', async () => {
      expectCleanError(await run(['eval', '--data', fixtures.empty, '--json']), /empty/);
    });

    it('fails with exit 2 when the model cannot be read', async () => {
      expectCleanError(await run(['eval', '--model', '/nonexistent/model.json', '--data', fixtures.small]), /cannot read model/);
    });

    it('fails with exit 2 when the model file is not a model', async () => {
      expectCleanError(await run(['eval', '--model', fixtures.small, '--data', fixtures.small]), /not JSON|not an intent model/);
    });
  });

  describe('predict', () => {
    it('prints one JSON line per non-empty input line with the contract fields', async () => {
      const result = await run(['predict'], 'where is my order PP-204811\n\nI forgot my password\n');
      expect(result.code).to.equal(0, result.stderr);
      const lines = result.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(lines).to.have.length(2);
      expect(Object.keys(lines[0])).to.have.ordered.members(['text', 'intent', 'confidence', 'outOfScope', 'alternatives']);
      expect(lines[0]).to.include({ text: 'where is my order PP-204811', intent: 'track_order', outOfScope: false });
      expect(lines[1]).to.include({ intent: 'recover_password' });
    });

    it('reports the best in-scope intent even when the line is flagged out of scope', async () => {
      const result = await run(['predict'], 'asdfgh\n');
      const line = JSON.parse(result.stdout) as { intent: string; outOfScope: boolean };
      expect(line.outOfScope).to.equal(true);
      expect(['track_order', 'cancel_order', 'get_refund', 'recover_password']).to.include(line.intent);
    });
  });

  describe('unknown command', () => {
    it('prints the usage on stderr and exits 2', async () => {
      expectCleanError(await run(['fly']), /unknown command: fly[\s\S]*usage/);
    });
  });

  describe('help', () => {
    for (const argv of [['--help'], ['-h'], ['help'], ['train', '--help'], ['eval', '-h'], ['predict', '--help']]) {
      it(`prints the usage on stdout and exits 0 for nlu ${argv.join(' ')}`, async () => {
        const result = await run(argv);
        expect(result.code, result.stderr).to.equal(0);
        expect(result.stdout).to.match(/^usage: support-bot nlu train[\s\S]*nlu eval[\s\S]*nlu predict/);
        expect(result.stderr).to.equal('');
      });
    }
  });
});

describe('support-bot bin (real process)', () => {
  const exec = promisify(execFile);
  const bin = ['tsx', path.join(repoRoot, 'bot', 'cli.ts')];

  it('prints pure JSON on stdout for nlu eval --json', async () => {
    const { stdout } = await exec('npx', [...bin, 'nlu', 'eval', '--model', smallModel().file, '--data', fixtures.small, '--json'], {
      cwd: repoRoot,
    });
    const lines = stdout.trim().split('\n');
    expect(lines).to.have.length(1);
    expect(JSON.parse(lines[0])).to.have.property('accuracy');
  });

  it('exits 2 with a message and no stack trace for an unreadable model', async () => {
    const error = await exec('npx', [...bin, 'nlu', 'predict', '--model', '/nonexistent.json'], { cwd: repoRoot }).then(
      () => undefined,
      (e: { code: number; stderr: string; stdout: string }) => e,
    );
    expect(error, 'the command should fail').not.to.equal(undefined);
    expect(error?.code).to.equal(2);
    expect(error?.stderr).to.match(/cannot read model file/);
    expect(error?.stderr).not.to.match(/\n\s+at /);
  });

  it('prints the nlu usage and exits 0 for support-bot nlu --help', async () => {
    const { stdout } = await exec('npx', [...bin, 'nlu', '--help'], { cwd: repoRoot });
    expect(stdout).to.match(/^usage: support-bot nlu train/);
  });

  it('exits 2 with the usage for an unknown command', async () => {
    const error = await exec('npx', [...bin, 'launch'], { cwd: repoRoot }).then(
      () => undefined,
      (e: { code: number; stderr: string }) => e,
    );
    expect(error?.code).to.equal(2);
    expect(error?.stderr).to.match(/usage: support-bot/);
  });
});
