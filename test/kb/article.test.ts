import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { articleContentHash, loadArticleFiles, parseArticle, readArticleFiles } from '../../kb/article';
import { KbFileError } from '../../kb/kb-file-error';

const fixturesDir = path.join(__dirname, '..', 'fixtures', 'kb');

function frontMatter(fields: Record<string, string>): string {
  const lines = Object.entries(fields).map(([key, value]) => `${key}: ${value}`);
  return `---\n${lines.join('\n')}\n---\nThe body.\n`;
}

const validFields = {
  id: 'cancel-an-order',
  title: '"How to cancel an order"',
  intents: '[cancel_order]',
  tags: '[stop order, call off]',
  updated: '2026-11-02',
  summary: '"Cancel while the order is Processing."',
};

function parseError(fileName: string, text: string): KbFileError {
  try {
    parseArticle(fileName, text);
  } catch (error) {
    expect(error).to.be.instanceOf(KbFileError);
    return error as KbFileError;
  }
  throw new Error(`expected ${fileName} to be refused`);
}

describe('article', () => {
  describe('parseArticle', () => {
    it('returns the front matter and the trimmed body of a valid file', () => {
      const article = parseArticle('cancel-an-order.md', frontMatter(validFields));
      expect(article).to.deep.equal({
        id: 'cancel-an-order',
        title: 'How to cancel an order',
        intents: ['cancel_order'],
        tags: ['stop order', 'call off'],
        updated: '2026-11-02',
        summary: 'Cancel while the order is Processing.',
        body: 'The body.',
      });
    });

    it('keeps a quoted date as YYYY-MM-DD like an unquoted one', () => {
      const article = parseArticle('cancel-an-order.md', frontMatter({ ...validFields, updated: '"2026-03-09"' }));
      expect(article.updated).to.equal('2026-03-09');
    });

    it('names the file and the field when the title is missing', () => {
      const { title: _omitted, ...withoutTitle } = validFields;
      const error = parseError('cancel-an-order.md', frontMatter(withoutTitle));
      expect(error.message).to.match(/^cancel-an-order\.md: /);
      expect(error.message).to.contain('missing field "title"');
    });

    it('refuses an id that differs from the file name', () => {
      const error = parseError('kb/articles/cancel-order.md', frontMatter(validFields));
      expect(error.fileName).to.equal('kb/articles/cancel-order.md');
      expect(error.message).to.contain('"cancel-an-order" does not match the file name (expected "cancel-order")');
    });

    it('reports broken YAML with the file name', () => {
      const error = parseError('cancel-an-order.md', frontMatter({ ...validFields, tags: '[stop order, call off' }));
      expect(error.message).to.match(/^cancel-an-order\.md: bad YAML front matter/);
    });

    it('reports every wrongly typed field', () => {
      const broken = frontMatter({ ...validFields, intents: 'cancel_order', tags: '[1, 2]', summary: '42' });
      const error = parseError('cancel-an-order.md', broken);
      expect(error.message).to.contain('field "intents" must be array');
      expect(error.message).to.contain('field "tags.0" must be string');
      expect(error.message).to.contain('field "summary" must be string');
    });

    it('refuses a day that does not exist', () => {
      const error = parseError('cancel-an-order.md', frontMatter({ ...validFields, updated: '"2026-02-30"' }));
      expect(error.message).to.contain('field "updated" is not a real calendar date');
    });

    it('refuses a date that is not written YYYY-MM-DD', () => {
      const error = parseError('cancel-an-order.md', frontMatter({ ...validFields, updated: '"2 November 2026"' }));
      expect(error.message).to.contain('field "updated" must be a date written YYYY-MM-DD');
    });

    it('refuses unknown fields, which are usually misspelt ones', () => {
      const error = parseError('cancel-an-order.md', frontMatter({ ...validFields, intent: '[cancel_order]' }));
      expect(error.message).to.contain('unknown field(s) intent');
    });

    it('refuses an empty intent list', () => {
      const error = parseError('cancel-an-order.md', frontMatter({ ...validFields, intents: '[]' }));
      expect(error.message).to.contain('field "intents" must list at least one intent');
    });

    it('refuses a file without front matter', () => {
      const error = parseError('cancel-an-order.md', '# Just markdown\n');
      expect(error.message).to.equal('cancel-an-order.md: no front matter: the file must start with a "---" line');
    });
  });

  describe('loadArticleFiles', () => {
    it('loads every markdown file of a folder sorted by name', () => {
      const ids = loadArticleFiles(path.join(fixturesDir, 'articles')).map((article) => article.id);
      expect(ids).to.deep.equal([
        'cancel-an-order',
        'delivery-costs',
        'exchange-an-item',
        'faulty-products',
        'get-a-refund',
        'where-is-my-package',
      ]);
    });

    it('throws a KbFileError naming the broken file', () => {
      expect(() => loadArticleFiles(path.join(fixturesDir, 'broken')))
        .to.throw(KbFileError)
        .with.property('message')
        .that.matches(/missing-title\.md: invalid front matter: missing field "title"/);
    });

    it('throws a KbFileError naming the folder when it does not exist', () => {
      const missing = path.join(fixturesDir, 'no-such-folder');
      expect(() => loadArticleFiles(missing)).to.throw(KbFileError, missing);
    });
  });

  describe('readArticleFiles', () => {
    let dir: string;

    beforeEach(() => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'kb-articles-'));
    });

    afterEach(() => {
      rmSync(dir, { recursive: true, force: true });
    });

    it('gives each file the sha256 of its bytes', () => {
      const text = frontMatter(validFields);
      writeFileSync(path.join(dir, 'cancel-an-order.md'), text);
      writeFileSync(path.join(dir, 'notes.txt'), 'not an article');
      const files = readArticleFiles(dir);
      expect(files).to.have.length(1);
      expect(files[0].fileName).to.equal('cancel-an-order.md');
      expect(files[0].contentHash).to.equal(articleContentHash(text));
    });
  });

  describe('articleContentHash', () => {
    it('is the hex sha256 of the content', () => {
      expect(articleContentHash('abc')).to.equal('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    });

    it('changes when a single character changes', () => {
      expect(articleContentHash('refund within 3 days')).to.not.equal(articleContentHash('refund within 5 days'));
    });
  });
});
