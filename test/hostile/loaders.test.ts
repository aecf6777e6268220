import { expect } from 'chai';
import fc from 'fast-check';
import { parseArticle } from '../../kb/article';
import { KbFileError } from '../../kb/kb-file-error';
import { InputError } from '../../nlu/input-error';
import { parseLabelledCsv } from '../../nlu/training-data';
import { deepJson, hostileString } from './hostile-input';

/** Runs `fn` and returns what it threw, or undefined. */
function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
    return undefined;
  } catch (error) {
    return error;
  }
}

/** YAML-ish front matter lines, valid and broken, with hostile values. */
function frontMatterLine(): fc.Arbitrary<string> {
  const key = fc.constantFrom('id', 'title', 'intents', 'tags', 'updated', 'summary', 'extra', '<<', '? complex', '"quoted"', '');
  const value = fc.oneof(
    hostileString(60),
    fc.constantFrom(
      'cancel-an-order',
      '[cancel_order]',
      '[]',
      '2026-11-02',
      '2026-02-30',
      '"2026-11-02"',
      '!!js/function "function(){}"',
      '!!binary aGk=',
      '*alias',
      '&anchor x',
      '{a: [b, {c: d}]}',
      '|',
      '>-',
      '- a',
      '~',
      'null',
      '0x1F',
      '.nan',
      "'unterminated",
      '"unterminated',
      '{{{',
      ':::',
    ),
    fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
    fc.integer({ min: 20, max: 300 }).map((d) => JSON.stringify(deepJson(d, true))),
  );
  return fc.tuple(key, value, fc.constantFrom('', '  ', '\t')).map(([k, v, indent]) => `${indent}${k}: ${v}`);
}

const validArticle = [
  '---',
  'id: cancel-an-order',
  'title: Cancel an order',
  'intents: [cancel_order]',
  'tags: [orders]',
  'updated: 2026-11-02',
  'summary: You can cancel before it ships.',
  '---',
  'Body text.',
].join('\n');

describe('Loaders under hostile input', () => {
  describe('parseArticle', () => {
    it('returns an article or throws a KbFileError naming the file for any text', () => {
      const text = fc.oneof(
        hostileString(400),
        fc
          .array(frontMatterLine(), { maxLength: 10 })
          .chain((lines) =>
            fc
              .tuple(
                fc.constantFrom('---\n', '\uFEFF---\n', '---\r\n', '--- \n', ''),
                fc.constantFrom('\n---\n', '\n---', '\n...\n', ''),
                hostileString(100),
              )
              .map(([open, close, body]) => `${open}${lines.join('\n')}${close}${body}`),
          ),
        fc
          .tuple(fc.nat({ max: validArticle.length }), hostileString(40))
          .map(([at, junk]) => `${validArticle.slice(0, at)}${junk}${validArticle.slice(at)}`),
      );
      fc.assert(
        fc.property(text, fc.constantFrom('cancel-an-order.md', 'kb/articles/x.md', 'ÜNICODE ✓.md'), (content, fileName) => {
          const error = thrownBy(() => parseArticle(fileName, content));
          if (error === undefined) return;
          expect(error, `${String(error)} for ${JSON.stringify(content.slice(0, 200))}`).to.be.instanceOf(KbFileError);
          expect((error as Error).message).to.include(fileName);
        }),
        { numRuns: 200, seed: 8_401 },
      );
    });

    it('still parses the valid article when only its body is hostile', () => {
      fc.assert(
        fc.property(hostileString(2000), (body) => {
          expect(parseArticle('cancel-an-order.md', `${validArticle}\n${body}`).id).to.equal('cancel-an-order');
        }),
        { numRuns: 150, seed: 8_402 },
      );
    });
  });

  describe('parseLabelledCsv', () => {
    it('returns rows or throws an InputError naming the source for any text', () => {
      const cell = fc.oneof(
        hostileString(40),
        fc.constantFrom('"', '""', '"a""b"', '"unterminated', ',', '\r', '\n', 'oos', 'out_of_scope', ' '),
      );
      const csv = fc.oneof(
        hostileString(400),
        fc
          .tuple(
            fc.constantFrom(
              'text,intent',
              'utterance,category',
              'label,text',
              'TEXT , Intent',
              'text',
              'intent',
              '\uFEFFtext,intent',
              '',
              'a,b,c',
            ),
            fc.array(
              fc.array(cell, { maxLength: 5 }).map((cells) => cells.join(',')),
              { maxLength: 8 },
            ),
            fc.constantFrom('\n', '\r\n', '\r'),
          )
          .map(([header, rows, eol]) => [header, ...rows].join(eol)),
      );
      fc.assert(
        fc.property(csv, (text) => {
          const error = thrownBy(() => parseLabelledCsv(text, 'hostile.csv'));
          if (error === undefined) return;
          expect(error, `${String(error)} for ${JSON.stringify(text.slice(0, 200))}`).to.be.instanceOf(InputError);
          expect((error as Error).message).to.include('hostile.csv');
        }),
        { numRuns: 200, seed: 8_403 },
      );
    });

    it('returns one trimmed, non-empty row per data line of a well-formed file whatever the cell text', () => {
      const cell = hostileString(40)
        .map((s) => s.replace(/[",\r\n]/g, '').trim())
        .filter((s) => s.length > 0 && !s.startsWith('\uFEFF'));
      fc.assert(
        fc.property(fc.array(fc.tuple(cell, cell), { minLength: 1, maxLength: 20 }), (rows) => {
          const text = ['text,intent', ...rows.map(([a, b]) => `"${a}","${b}"`)].join('\n');
          const parsed = parseLabelledCsv(text, 'rows.csv');
          expect(parsed).to.have.length(rows.length);
          for (const row of parsed) expect(row.text.trim()).to.equal(row.text).and.not.equal('');
        }),
        { numRuns: 150, seed: 8_404 },
      );
    });
  });
});
