import path from 'node:path';
import { expect } from 'chai';
import { loadArticleFiles, type KbArticle } from '../../kb/article';
import { KbIndex } from '../../kb/kb-index';
import { defaultQueryTermWeights } from '../../kb/query-terms';

const articles = loadArticleFiles(path.join(__dirname, '..', 'fixtures', 'kb', 'articles'));

function ids(hits: { id: string }[]): string[] {
  return hits.map((hit) => hit.id);
}

describe('KbIndex', () => {
  const index = new KbIndex(articles);

  describe('search', () => {
    it('ranks the article whose title and summary match the question first', () => {
      const hits = index.search('how much does express delivery cost');
      expect(hits[0]).to.include({ id: 'delivery-costs', title: 'Delivery costs' });
      expect(hits[0].score).to.be.greaterThan(0);
    });

    it('matches inflected forms through stemming', () => {
      expect(ids(index.search('cancelling orders'))[0]).to.equal('cancel-an-order');
    });

    it('corrects a misspelt word to a known word one edit away', () => {
      expect(ids(index.search('refnud please'))[0]).to.equal('get-a-refund');
      expect(ids(index.search('cancle my ordr'))[0]).to.equal('cancel-an-order');
    });

    it('corrects a misspelt synonym the articles never use', () => {
      expect(ids(index.search('tomorow'))[0]).to.equal('delivery-costs');
    });

    it('finds an article through a synonym the article never uses', () => {
      expect(ids(index.search('where is my parcel'))[0]).to.equal('where-is-my-package');
      expect(ids(index.search('my blender is broken'))[0]).to.equal('faulty-products');
    });

    it('understands multi-word synonyms such as "money back"', () => {
      expect(ids(index.search('I want my money back'))[0]).to.equal('get-a-refund');
    });

    it('ranks the exchange first for "not the refund but the exchange"', () => {
      expect(ids(index.search('not the refund but the exchange'))[0]).to.equal('exchange-an-item');
    });

    it('ranks the refund first for the same words when negation has no effect', () => {
      const withoutNegation = new KbIndex(articles, { termWeights: { ...defaultQueryTermWeights, negated: 1 } });
      expect(ids(withoutNegation.search('not the refund but the exchange'))[0]).to.equal('get-a-refund');
    });

    it('drops the article of the part after "instead of"', () => {
      expect(ids(index.search('a refund instead of an exchange'))).to.deep.equal(['get-a-refund']);
    });

    it('lets a confident intent lift its article above a better text match', () => {
      expect(ids(index.search('refund or exchange'))[0]).to.equal('get-a-refund');
      const hits = index.search('refund or exchange', { intent: 'return_item', intentConfidence: 0.9 });
      expect(ids(hits)[0]).to.equal('exchange-an-item');
    });

    it('scales the prior with the confidence, so a weak intent does not reorder', () => {
      const hits = index.search('refund or exchange', { intent: 'return_item', intentConfidence: 0.05 });
      expect(ids(hits)[0]).to.equal('get-a-refund');
    });

    it('returns the intent articles when no word matches but an intent was classified', () => {
      const hits = index.search('hello there', { intent: 'track_order', intentConfidence: 0.8 });
      expect(ids(hits)).to.deep.equal(['where-is-my-package']);
    });

    it('ignores an intent no article lists', () => {
      const withUnknownIntent = index.search('refund or exchange', { intent: 'greeting', intentConfidence: 1 });
      expect(withUnknownIntent).to.deep.equal(index.search('refund or exchange'));
    });

    it('returns nothing when no word matches and no intent is given', () => {
      expect(index.search('hello there')).to.deep.equal([]);
      expect(index.search('')).to.deep.equal([]);
    });

    it('returns at most `limit` hits, best first', () => {
      const hits = index.search('order delivery refund exchange package', { limit: 2 });
      expect(hits).to.have.length(2);
      expect(hits[0].score).to.be.at.least(hits[1].score);
      expect(index.search('order delivery refund exchange package')).to.have.length(3);
    });

    it('never returns excluded articles', () => {
      expect(ids(index.search('refund', { exclude: ['get-a-refund'] }))).to.not.include('get-a-refund');
    });

    it('gives no snippet unless the search asks for them (the bot shows the article itself)', () => {
      expect(index.search('refund')[0]).to.not.have.property('snippet');
    });

    it('shows the summary as snippet when the question is about the main point', () => {
      expect(index.search('refund', { snippets: true })[0].snippet).to.equal(articles.find((a) => a.id === 'get-a-refund')?.summary);
    });

    it('shows the body sentence that answers a question about a detail', () => {
      expect(index.search('when does express delivery arrive', { snippets: true })[0].snippet).to.equal(
        'Express delivery arrives the next business day when you order before two in the afternoon.',
      );
    });

    it('gives the same results however often it is called', () => {
      const first = index.search('where is my parcel', { intent: 'track_order', intentConfidence: 0.5 });
      index.search('refund');
      expect(index.search('where is my parcel', { intent: 'track_order', intentConfidence: 0.5 })).to.deep.equal(first);
    });
  });

  describe('searchBaseline', () => {
    it('ranks by plain word matches', () => {
      expect(ids(index.searchBaseline('express delivery cost'))[0]).to.equal('delivery-costs');
    });

    it('has no typo correction, synonyms or negation', () => {
      expect(index.searchBaseline('refnud')).to.deep.equal([]);
      expect(index.searchBaseline('parcel')).to.deep.equal([]);
      expect(ids(index.searchBaseline('not the refund but the exchange'))[0]).to.equal('get-a-refund');
    });
  });

  describe('constructor', () => {
    it('refuses two articles with the same id', () => {
      const duplicate = articles[0];
      expect(() => new KbIndex([...articles, duplicate])).to.throw(`duplicate knowledge-base article id "${duplicate.id}"`);
    });

    it('indexes many articles and still finds the right one', () => {
      const filler: KbArticle[] = Array.from({ length: 500 }, (_, n) => ({
        id: `filler-${n}`,
        title: `Filler topic ${n}`,
        intents: ['other'],
        tags: ['filler'],
        updated: '2026-01-01',
        summary: `Filler summary about gardening tools number ${n}.`,
        body: 'Gardening tools and seeds for the spring season.',
      }));
      const big = new KbIndex([...filler, ...articles]);
      expect(big.size).to.equal(500 + articles.length);
      expect(ids(big.search('where is my parcel'))[0]).to.equal('where-is-my-package');
    });
  });
});
