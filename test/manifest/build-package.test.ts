import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { createAppPackage } from '../../manifest/app-package';
import { buildManifest } from '../../manifest/build-manifest';
import { colorIconPath, outlineIconPath } from '../../manifest/manifest-paths';
import { readZip } from './helpers/read-zip';
import { runBuildPackage } from './helpers/run-cli';

const appId = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';
const publicUrl = 'https://help.pebble-pine.example';

describe('Teams app package', () => {
  describe('createAppPackage', () => {
    it('puts manifest.json and the icons named in the manifest at the zip root', () => {
      const manifest = buildManifest({ appId, publicUrl, version: '1.0.0' });
      const icons = { color: readFileSync(colorIconPath), outline: readFileSync(outlineIconPath) };
      const entries = readZip(createAppPackage(manifest, icons));
      expect(entries.map((entry) => entry.name)).to.deep.equal(['manifest.json', manifest.icons.color, manifest.icons.outline]);
      expect(JSON.parse(entries[0].data.toString('utf8'))).to.deep.equal(manifest);
      expect(entries[1].data.equals(icons.color)).to.equal(true);
      expect(entries[2].data.equals(icons.outline)).to.equal(true);
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
      const entries = readZip(readFileSync(path.join(outDir, 'appPackage.zip')));
      expect(entries.map((entry) => entry.name)).to.deep.equal(['manifest.json', 'color.png', 'outline.png']);
      for (const entry of entries) expect(entry.crc, entry.name).to.equal(crc32(entry.data));
      const manifest = JSON.parse(entries[0].data.toString('utf8'));
      expect(manifest).to.include({ id: appId });
      expect(manifest.bots[0].botId).to.equal(appId);
      expect(manifest.developer.privacyUrl).to.equal(`${publicUrl}/privacy`);
      expect(entries[1].data.equals(readFileSync(colorIconPath))).to.equal(true);
    });
  });
});
