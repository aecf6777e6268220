import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { createZip } from '../../manifest/zip';
import { readZip } from './helpers/read-zip';

/** Bytes that do not compress, from a fixed linear congruential sequence. */
function noise(length: number): Buffer {
  let state = 12345;
  return Buffer.from(Array.from({ length }, () => (state = (state * 1103515245 + 12345) % 2 ** 31) >> 23));
}

const text = Buffer.from('{"hello":"Pebble & Pine"}\n'.repeat(50), 'utf8');

describe('zip', () => {
  describe('createZip', () => {
    it('writes entries that a central-directory reader finds with their names, contents and CRCs', () => {
      const entries = [
        { name: 'manifest.json', data: text },
        { name: 'color.png', data: noise(500) },
        { name: 'empty.txt', data: Buffer.alloc(0) },
      ];
      const read = readZip(createZip(entries));
      expect(read.map((entry) => entry.name)).to.deep.equal(['manifest.json', 'color.png', 'empty.txt']);
      read.forEach((entry, i) => {
        expect(entry.data.equals(Buffer.from(entries[i].data)), entry.name).to.equal(true);
        expect(entry.crc, entry.name).to.equal(crc32(entries[i].data));
        expect(entry.localCrc, entry.name).to.equal(entry.crc);
      });
    });

    it('deflates compressible data and stores data that would not shrink', () => {
      const [compressible, incompressible] = readZip(
        createZip([
          { name: 'a.txt', data: text },
          { name: 'b.bin', data: noise(300) },
        ]),
      );
      expect(compressible.method).to.equal(8);
      expect(compressible.compressedSize).to.be.lessThan(text.length);
      expect(incompressible.method).to.equal(0);
      expect(incompressible.compressedSize).to.equal(300);
    });

    it('writes an empty archive as a lone end-of-central-directory record', () => {
      const archive = createZip([]);
      expect(archive.length).to.equal(22);
      expect(readZip(archive)).to.deep.equal([]);
    });

    it('passes `unzip -t` when unzip is installed', function () {
      if (spawnSync('unzip', ['-v']).status !== 0) this.skip();
      const dir = mkdtempSync(path.join(tmpdir(), 'zip-test-'));
      try {
        const file = path.join(dir, 'test.zip');
        writeFileSync(
          file,
          createZip([
            { name: 'a.txt', data: text },
            { name: 'dir/b.bin', data: noise(100) },
          ]),
        );
        const result = spawnSync('unzip', ['-t', file], { encoding: 'utf8' });
        expect(result.status, result.stdout + result.stderr).to.equal(0);
        expect(result.stdout).to.include('No errors detected');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    for (const name of ['', '/etc/passwd', '../up.txt', 'a/../../b', 'win\\path.txt']) {
      it(`refuses the unsafe entry name ${JSON.stringify(name)}`, () => {
        expect(() => createZip([{ name, data: text }])).to.throw(RangeError, /unsafe ZIP entry name/);
      });
    }

    it('refuses duplicate names', () => {
      expect(() =>
        createZip([
          { name: 'a', data: text },
          { name: 'a', data: text },
        ]),
      ).to.throw(RangeError, /duplicate/);
    });
  });
});
