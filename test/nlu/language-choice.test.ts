import { expect } from 'chai';

import { chooseLanguage, localeLanguage } from '../../nlu/language-choice';
import type { LanguageDetection, LanguageDetector } from '../../nlu/language-detection';

/** A detector that answers from a table, so the choice's order is tested on its own. */
function detectorOf(table: Record<string, LanguageDetection>): LanguageDetector {
  return { detect: (text) => table[text] };
}

const detector = detectorOf({
  'Wo ist meine Bestellung?': { code: 'de', confidence: 0.8 },
  我的订单在哪里: { code: 'zh', confidence: 1 },
  '¿Dónde está mi pedido?': { code: 'es', confidence: 0.7 },
  'Where is my order?': { code: 'en', confidence: 0.9 },
});

describe('chooseLanguage', () => {
  it('takes a confident detection on the text first', () => {
    expect(chooseLanguage({ text: 'Wo ist meine Bestellung?', locale: 'en-US', previous: 'zh' }, detector)).to.deep.equal({
      language: 'de',
      source: 'text',
    });
    expect(chooseLanguage({ text: '我的订单在哪里', locale: 'de-DE' }, detector)).to.deep.equal({ language: 'zh', source: 'text' });
  });

  it('answers a language the shop does not ship in English and names it', () => {
    expect(chooseLanguage({ text: '¿Dónde está mi pedido?', locale: 'de-DE', previous: 'de' }, detector)).to.deep.equal({
      language: 'en',
      source: 'text',
      unsupported: 'es',
    });
  });

  it('falls back to the locale when the text says nothing', () => {
    expect(chooseLanguage({ text: 'PP-123456', locale: 'de-DE', previous: 'en' }, detector)).to.deep.equal({
      language: 'de',
      source: 'locale',
    });
    expect(chooseLanguage({ text: 'ok', locale: 'zh-Hans' }, detector)).to.deep.equal({ language: 'zh', source: 'locale' });
  });

  it('skips an unsupported locale and keeps the previous language', () => {
    expect(chooseLanguage({ text: 'ok', locale: 'fr-FR', previous: 'de' }, detector)).to.deep.equal({ language: 'de', source: 'previous' });
  });

  it('switches when a later message is confidently in another language', () => {
    expect(chooseLanguage({ text: 'Where is my order?', previous: 'de' }, detector)).to.deep.equal({ language: 'en', source: 'text' });
  });

  it('answers in English when nothing is known', () => {
    expect(chooseLanguage({ text: 'hi' }, detector)).to.deep.equal({ language: 'en', source: 'default' });
    expect(chooseLanguage({ text: 'hi', locale: null, previous: null }, detector)).to.deep.equal({ language: 'en', source: 'default' });
  });
});

describe('localeLanguage', () => {
  it('maps locales to shipped languages', () => {
    expect(['de-DE', 'de', 'DE_at', 'zh-CN', 'zh-Hans', 'zh-Hans-CN', 'en-GB'].map(localeLanguage)).to.deep.equal([
      'de',
      'de',
      'de',
      'zh',
      'zh',
      'zh',
      'en',
    ]);
  });

  it('gives nothing for unshipped, Traditional Chinese or missing locales', () => {
    expect(['fr-FR', 'zh-TW', 'zh-Hant', 'es', '', undefined, null].map(localeLanguage)).to.deep.equal([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});
