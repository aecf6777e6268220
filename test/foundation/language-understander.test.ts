import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { expect } from 'chai';

import { LanguageUnderstander, loadLanguageUnderstanders } from '../../bot/nlu-threads/language-understander';
import type { ClosableUnderstander } from '../../bot/nlu-threads/swappable-understander';
import type { Language } from '../../common/languages';
import type { Understanding } from '../../dialogs/ports';

/** An understander that answers with its own name as the intent and records whether it was closed. */
function named(name: string): ClosableUnderstander & { closed: boolean } {
  const understanding = (intent: string): Understanding => ({
    intent,
    confidence: 1,
    outOfScope: false,
    margin: 1,
    alternatives: [],
    entities: [],
    sentiment: 0,
  });
  return {
    closed: false,
    understand: () => understanding(name),
    async close() {
      this.closed = true;
    },
  };
}

describe('LanguageUnderstander', () => {
  describe('understand', () => {
    const english = named('english');
    const german = named('german');
    const understander = new LanguageUnderstander(english, { de: german });

    it("routes a message to its language's model", async () => {
      expect((await understander.understand('Wo ist mein Paket?', 'de')).intent).to.equal('german');
    });

    it('uses the English model without a language, for English, and for a language without a model', async () => {
      expect((await understander.understand('where is my parcel')).intent).to.equal('english');
      expect((await understander.understand('where is my parcel', 'en')).intent).to.equal('english');
      expect((await understander.understand('我的包裹在哪', 'zh')).intent).to.equal('english');
    });
  });

  describe('close', () => {
    it("closes the other languages' understanders and leaves the English one to its owner", async () => {
      const english = named('english');
      const chinese = named('chinese');
      await new LanguageUnderstander(english, { zh: chinese }).close();
      expect([english.closed, chinese.closed]).to.deep.equal([false, true]);
    });
  });
});

describe('loadLanguageUnderstanders', () => {
  it('loads every language other than English that has a model file, and only those', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'language-models-'));
    const pathOf = (language: Language): string => path.join(dir, `${language}.json`);
    for (const language of ['en', 'zh'] as const) writeFileSync(pathOf(language), '{}');
    const loaded: string[] = [];
    const understanders = await loadLanguageUnderstanders(async (file) => {
      loaded.push(path.basename(file));
      return named(file);
    }, pathOf);
    expect(Object.keys(understanders)).to.deep.equal(['zh']);
    expect(loaded).to.deep.equal(['zh.json']);
    expect(new LanguageUnderstander(named('english'), understanders).languages).to.deep.equal(['zh']);
  });
});
