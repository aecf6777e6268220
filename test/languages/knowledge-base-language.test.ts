import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import pino from 'pino';
import type { Language } from '../../common/languages';
import { KnowledgeBase } from '../../bot/knowledge-base';
import type { Knex } from '../../store/db';
import { editArticle, listArticlesWithFeedback } from '../../store/kb-articles';
import { describeEachEngine, useMigratedDatabase } from '../helpers/databases';

/** Writes one article file (front matter as kb/articles/ has it) into `dir`. */
function article(dir: string, a: { id: string; title: string; intents: string[]; summary: string; body: string }): void {
  const front = [
    '---',
    `id: ${a.id}`,
    `title: "${a.title}"`,
    `intents: [${a.intents.join(', ')}]`,
    'tags: []',
    'updated: 2026-11-30',
    `summary: "${a.summary}"`,
    '---',
  ];
  writeFileSync(path.join(dir, `${a.id}.md`), `${front.join('\n')}\n${a.body}\n`);
}

/** A small shop: two English articles, the returns one in German and in Chinese; delivery only in English. */
function writeArticles(root: string): (language: Language) => string {
  const dirOf = (language: Language) => (language === 'en' ? root : path.join(root, language));
  mkdirSync(dirOf('de'));
  mkdirSync(dirOf('zh'));
  article(dirOf('en'), {
    id: 'return-an-item',
    title: 'Return an item',
    intents: ['return_item'],
    summary: 'Start a return in My orders within 30 days.',
    body: 'Print the free label and drop the parcel at any post office.',
  });
  article(dirOf('en'), {
    id: 'delivery-times',
    title: 'Delivery times',
    intents: ['delivery_period'],
    summary: 'Orders arrive in 2 to 4 working days.',
    body: 'Express delivery arrives the next working day when ordered before noon.',
  });
  article(dirOf('de'), {
    id: 'return-an-item',
    title: 'Einen Artikel zurücksenden',
    intents: ['return_item'],
    summary: 'Starten Sie die Rücksendung innerhalb von 30 Tagen unter Meine Bestellungen.',
    body: 'Drucken Sie das kostenlose Etikett aus und geben Sie das Paket bei der Post ab.',
  });
  article(dirOf('zh'), {
    id: 'return-an-item',
    title: '退货',
    intents: ['return_item'],
    summary: '请在30天内在我的订单中申请退货。',
    body: '打印免费的退货标签，然后把包裹交给邮局。',
  });
  return dirOf;
}

describeEachEngine('the knowledge base per language', (engine) => {
  let db: Knex;
  let kb: KnowledgeBase;
  const root = mkdtempSync(path.join(os.tmpdir(), 'kb-languages-'));
  useMigratedDatabase(engine, async (opened) => {
    db = opened;
    kb = new KnowledgeBase(db, pino({ level: 'silent' }));
    await kb.seedAndIndex(writeArticles(root));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  describe('search', () => {
    it("finds a German question's German article, umlauts written either way", async () => {
      for (const query of ['Wie kann ich etwas zurücksenden?', 'Ruecksendung starten']) {
        const [hit] = kb.search(query, { language: 'de' });
        expect(hit, query).to.include({ id: 'return-an-item', language: 'de', fallback: false, title: 'Einen Artikel zurücksenden' });
      }
    });

    it('finds a Chinese question without spaces in the Chinese article', async () => {
      const [hit] = kb.search('我想退货', { language: 'zh' });
      expect(hit).to.include({ id: 'return-an-item', language: 'zh', fallback: false });
    });

    it('answers with the English article, marked as a fallback, when the language lacks the one for the intent', async () => {
      const [hit] = kb.search('Wie lange dauert die Lieferung?', { language: 'de', intent: 'delivery_period', intentConfidence: 0.9 });
      expect(hit).to.include({ id: 'delivery-times', language: 'en', fallback: true });
      const [chinese] = kb.search('送货要多久', { language: 'zh', intent: 'delivery_period', intentConfidence: 0.9 });
      expect(chinese).to.include({ id: 'delivery-times', language: 'en', fallback: true });
    });

    it('searches English as before when no language is given', async () => {
      const [hit] = kb.search('how do I return an item', {});
      expect(hit).to.include({ id: 'return-an-item', language: 'en', fallback: false });
    });
  });

  describe('get', () => {
    it('gives the article in the asked language, else the English one with its language', async () => {
      expect(kb.get('return-an-item', 'zh')).to.include({ title: '退货', language: 'zh' });
      expect(kb.get('delivery-times', 'de')).to.include({ title: 'Delivery times', language: 'en' });
      expect(kb.get('no-such-article', 'de')).to.equal(undefined);
    });
  });

  describe('admin edits', () => {
    it('change one language only, and the English list stays English', async () => {
      await editArticle(
        db,
        'return-an-item',
        { summary: 'Starten Sie die Rücksendung online, das Etikett ist kostenlos.' },
        Date.now(),
        'de',
      );
      const german = await listArticlesWithFeedback(db, 'de');
      const english = await listArticlesWithFeedback(db);
      expect(german.map((a) => [a.id, a.editedByAdmin])).to.deep.equal([['return-an-item', true]]);
      expect(english.map((a) => a.id)).to.deep.equal(['delivery-times', 'return-an-item']);
      expect(english.find((a) => a.id === 'return-an-item')).to.include({
        summary: 'Start a return in My orders within 30 days.',
        editedByAdmin: false,
      });
      await kb.reindex();
      expect(kb.search('Etikett kostenlos', { language: 'de' })[0]).to.include({ id: 'return-an-item', language: 'de' });
    });
  });
});
