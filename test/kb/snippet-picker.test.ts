import { expect } from 'chai';
import type { KbArticle } from '../../kb/article';
import { KbIndex } from '../../kb/kb-index';
import { chineseAnalysis, germanAnalysis } from '../../kb/language-analysis';

/** One article about refunds, `summary` and `body` in the language under test. */
function refundArticle(summary: string, body: string): KbArticle {
  return { id: 'refund-timeline', title: 'refund', intents: ['track_refund'], tags: [], updated: '2026-11-30', summary, body };
}

describe('SnippetPicker (through KbIndex)', () => {
  describe('in Chinese', () => {
    const index = new KbIndex(
      [
        refundArticle(
          '退货入库后，我们会在三个工作日内退款。',
          [
            '## 退款什么时候到账？',
            '仓库收到包裹后会先检查商品。检查通过后，我们在三个工作日内发起退款！',
            '银行卡通常需要五到十个工作日才能到账；PayPal 一般一到两天到账。',
            '如果超过十五个工作日仍未到账，请联系我们的客服团队？',
          ].join('\n'),
        ),
      ],
      { analysis: chineseAnalysis },
    );

    it('shows the one sentence of a paragraph that answers a detail, split at 。！？；', () => {
      expect(index.search('银行卡多久到账', { snippets: true })[0].snippet).to.equal('银行卡通常需要五到十个工作日才能到账；');
      expect(index.search('仓库检查商品', { snippets: true })[0].snippet).to.equal('仓库收到包裹后会先检查商品。');
    });

    it('keeps the summary when it answers the question best, and never shows a heading', () => {
      expect(index.search('退货退款', { snippets: true })[0].snippet).to.equal('退货入库后，我们会在三个工作日内退款。');
      expect(index.search('退款什么时候到账', { snippets: true })[0].snippet).to.not.equal('退款什么时候到账？');
    });

    it('cuts a long Chinese sentence at the length limit, although it has no spaces', () => {
      const long = `${'包裹'.repeat(200)}银行到账。`;
      const index = new KbIndex([refundArticle('退款说明。', long)], { analysis: chineseAnalysis });
      const snippet = index.search('包裹', { snippets: true })[0].snippet ?? '';
      expect(snippet).to.have.length(280);
      expect(snippet.endsWith('…')).to.equal(true);
    });
  });

  describe('in German', () => {
    const index = new KbIndex(
      [
        refundArticle(
          'Nach Eingang der Rücksendung erstatten wir den Betrag innerhalb von drei Werktagen.',
          'Überweisungen auf ein Bankkonto brauchen meist fünf bis zehn Werktage. Über PayPal ist das Geld nach ein bis zwei Tagen da.',
        ),
      ],
      { analysis: germanAnalysis },
    );

    it('still splits German sentences, also before a capital umlaut', () => {
      expect(index.search('PayPal Geld Tagen', { snippets: true })[0].snippet).to.equal(
        'Über PayPal ist das Geld nach ein bis zwei Tagen da.',
      );
      expect(index.search('Bankkonto Werktage', { snippets: true })[0].snippet).to.equal(
        'Überweisungen auf ein Bankkonto brauchen meist fünf bis zehn Werktage.',
      );
    });
  });
});
