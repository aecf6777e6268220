import { expect } from 'chai';
import { strFromU8, unzipSync, type UnzipFileInfo } from 'fflate';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createAppPackage } from '../../manifest/app-package';
import { buildManifest } from '../../manifest/build-manifest';
import { colorIconPath, outlineIconPath } from '../../manifest/manifest-paths';
import { runBuildPackage } from './helpers/run-cli';

const appId = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';
const publicUrl = 'https://help.pebble-pine.example';

/** Entries of a ZIP archive as fflate reads them, in archive order, with their directory records. */
function readPackage(archive: Uint8Array): { files: Record<string, Uint8Array>; records: UnzipFileInfo[] } {
  const records: UnzipFileInfo[] = [];
  const files = unzipSync(archive, {
    filter: (record) => {
      records.push(record);
      return true;
    },
  });
  return { files, records };
}

const manifest = buildManifest({ appId, publicUrl, version: '1.0.0' });
const icons = { color: readFileSync(colorIconPath), outline: readFileSync(outlineIconPath) };

describe('Teams app package', () => {
  describe('createAppPackage', () => {
    it('puts manifest.json and the icons named in the manifest at the zip root', () => {
      const { files, records } = readPackage(createAppPackage(manifest, icons));
      expect(records.map((record) => record.name)).to.deep.equal(['manifest.json', manifest.icons.color, manifest.icons.outline]);
      expect(JSON.parse(strFromU8(files['manifest.json']))).to.deep.equal(manifest);
      expect(Buffer.from(files[manifest.icons.color]).equals(icons.color)).to.equal(true);
      expect(Buffer.from(files[manifest.icons.outline]).equals(icons.outline)).to.equal(true);
    });

    it('deflates the manifest and stores the icons, which are PNGs already', () => {
      const { records } = readPackage(createAppPackage(manifest, icons));
      const [manifestRecord, ...iconRecords] = records;
      expect(manifestRecord.compression, 'manifest.json: 8 = deflate').to.equal(8);
      expect(manifestRecord.size).to.be.lessThan(manifestRecord.originalSize);
      for (const record of iconRecords) expect(record.compression, `${record.name}: 0 = stored`).to.equal(0);
    });

    it('passes `unzip -t` (CRCs and headers checked by another reader) when unzip is installed', function () {
      if (spawnSync('unzip', ['-v']).status !== 0) this.skip();
      const dir = mkdtempSync(path.join(tmpdir(), 'teams-package-'));
      try {
        const file = path.join(dir, 'appPackage.zip');
        writeFileSync(file, createAppPackage(manifest, icons));
        const result = spawnSync('unzip', ['-t', file], { encoding: 'utf8' });
        expect(result.status, result.stdout + result.stderr).to.equal(0);
        expect(result.stdout).to.include('No errors detected');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('npm run manifest (manifest/build-package.ts)', () => {
    let outDir: string;

    beforeEach(() => {
      outDir = mkdtempSync(path.join(tmpdir(), 'teams-package-'));
    });

    afterEach(() => {
      rmSync(outDir, { recursive: true, force: true });
    });

    it('exits 2 with one clear line when MicrosoftAppId and PUBLIC_URL are missing', async () => {
      const run = await runBuildPackage({}, ['--out', outDir]);
      expect(run.status, run.stderr).to.equal(2);
      const lines = run.stderr.trim().split('\n');
      expect(lines).to.have.length(1);
      expect(lines[0]).to.match(/MicrosoftAppId is missing.*PUBLIC_URL is missing/);
    });

    it('exits 2 when PUBLIC_URL is not https', async () => {
      const run = await runBuildPackage({ MicrosoftAppId: appId, PUBLIC_URL: 'http://help.pebble-pine.example' }, ['--out', outDir]);
      expect(run.status, run.stderr).to.equal(2);
      expect(run.stderr).to.match(/PUBLIC_URL must use https/);
    });

    it('exits 2 on an unknown option', async () => {
      const run = await runBuildPackage({ MicrosoftAppId: appId, PUBLIC_URL: publicUrl }, ['--output', outDir]);
      expect(run.status, run.stderr).to.equal(2);
      expect(run.stderr).to.include('--output');
    });

    it('writes a valid appPackage.zip to --out with the configured ids and host', async () => {
      const run = await runBuildPackage({ MicrosoftAppId: appId, PUBLIC_URL: `${publicUrl}/` }, ['--out', outDir]);
      expect(run.status, run.stderr).to.equal(0);
      expect(run.stdout).to.match(/valid against the Teams schema 1\.\d+ \(checked offline\)/);
      const { files, records } = readPackage(readFileSync(path.join(outDir, 'appPackage.zip')));
      expect(records.map((record) => record.name)).to.deep.equal(['manifest.json', 'color.png', 'outline.png']);
      const written = JSON.parse(strFromU8(files['manifest.json']));
      expect(written).to.include({ id: appId });
      expect(written.bots[0].botId).to.equal(appId);
      expect(written.developer.privacyUrl).to.equal(`${publicUrl}/privacy`);
      expect(Buffer.from(files['color.png']).equals(icons.color)).to.equal(true);
    });
  });
});
