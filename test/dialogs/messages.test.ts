import { expect } from 'chai';
import { REFERENCE_LANGUAGE, SHIPPED_LANGUAGES } from '../../common/languages';
import {
  CATALOGUE_FILES,
  flattenCatalogue,
  isCatalogueText,
  languagesOfCatalogueText,
  messagesFor,
  placeholdersOf,
} from '../../dialogs/messages';

/** What is wrong with `candidate` next to the reference catalogue: missing or extra keys, empty texts, other placeholders. */
function catalogueProblems(reference: unknown, candidate: unknown): string[] {
  const expected = flattenCatalogue(reference);
  const actual = flattenCatalogue(candidate);
  const problems: string[] = [];
  for (const [key, english] of expected) {
    const text = actual.get(key);
    if (text === undefined) problems.push(`missing ${key}`);
    else if (!text.trim()) problems.push(`empty ${key}`);
    else if (placeholdersOf(text).join() !== placeholdersOf(english).join()) {
      problems.push(`${key} has {${placeholdersOf(text).join('}, {')}}, English has {${placeholdersOf(english).join('}, {')}}`);
    }
  }
  for (const key of actual.keys()) if (!expected.has(key)) problems.push(`unknown ${key}`);
  return problems;
}

describe('message catalogue', () => {
  const reference = CATALOGUE_FILES[REFERENCE_LANGUAGE];

  for (const language of SHIPPED_LANGUAGES) {
    it(`${language}: has every English key, no empty text and the English placeholders`, () => {
      expect(catalogueProblems(reference, CATALOGUE_FILES[language])).to.deep.equal([]);
    });
  }

  it('finds a missing key, an empty text, other placeholders and an unknown key', () => {
    const english = { greeting: { welcome: 'Hi {name}', help: 'Help' }, order: { item: '{quantity} × {name}' } };
    const broken = { greeting: { welcome: 'Hallo {nom}' }, order: { item: ' ' }, extra: { key: 'x' } };
    expect(catalogueProblems(english, broken)).to.deep.equal([
      'greeting.welcome has {nom}, English has {name}',
      'missing greeting.help',
      'empty order.item',
      'unknown extra.key',
    ]);
  });

  it('refuses a catalogue whose leaf is not a text', () => {
    expect(() => flattenCatalogue({ kb: { glad: 3 } })).to.throw(/kb.glad is not an object/);
  });

  it('translates: German and Chinese differ from English but for names and formats', () => {
    const english = flattenCatalogue(reference);
    // The same in every language: a product name, the "2 × name" pattern, the ", " between items.
    const international = new Set(['intents.newsletter_subscription', 'order.item', 'format.listSeparator']);
    for (const language of SHIPPED_LANGUAGES.filter((l) => l !== REFERENCE_LANGUAGE)) {
      const translated = flattenCatalogue(CATALOGUE_FILES[language]);
      const untranslated = [...english].filter(([key, text]) => translated.get(key) === text && !international.has(key));
      expect(
        untranslated.map(([key]) => key),
        language,
      ).to.deep.equal([]);
    }
  });

  describe('messagesFor', () => {
    const en = messagesFor('en');

    it('fills placeholders', () => {
      expect(en.text('clarify.question', { first: 'A', second: 'B' })).to.equal('Just to be sure: do you mean "A" or "B"?');
      expect(messagesFor('de').text('order.items', { items: '2 × Socken' })).to.equal('Artikel: 2 × Socken.');
      expect(messagesFor('zh').language).to.equal('zh');
    });

    it('throws when a placeholder has no value, or a value no placeholder', () => {
      expect(() => en.text('clarify.question', { first: 'A' })).to.throw(/needs a value for \{second\}/);
      expect(() => en.text('kb.glad', { name: 'Ada' })).to.throw(/has no placeholder \{name\}/);
    });

    it('leaves a value that looks like a placeholder as it is (customer text)', () => {
      expect(en.text('ticketStatus.latestReply', { text: 'use {code} at checkout' })).to.equal(
        'The latest reply from our team: "use {code} at checkout"',
      );
    });

    it('recognises a quick reply in any shipped language', () => {
      expect(isCatalogueText('topics.person', ' talk to a PERSON ')).to.equal(true);
      expect(isCatalogueText('topics.person', messagesFor('de').text('topics.person'))).to.equal(true);
      expect(isCatalogueText('common.yes', messagesFor('zh').text('common.yes'))).to.equal(true);
      expect(isCatalogueText('common.yes', 'Nein')).to.equal(false);
    });
  });
});

describe('languagesOfCatalogueText', () => {
  it('names the languages of a button pressed, and none for catalogue sentences a customer may type', () => {
    expect(languagesOfCatalogueText(messagesFor('de').text('common.yes'))).to.deep.equal(['de']);
    expect(languagesOfCatalogueText(` ${messagesFor('zh').text('topics.person')} `)).to.deep.equal(['zh']);
    expect(languagesOfCatalogueText(messagesFor('en').text('handoff.endChat'))).to.include('en');
    for (const key of ['email.mailHello', 'email.yourTicket', 'format.locale', 'kb.cardQuestion'] as const) {
      expect(languagesOfCatalogueText(messagesFor('en').text(key)), key).to.deep.equal([]);
    }
  });
});
