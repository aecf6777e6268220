import { existsSync } from 'node:fs';

import { REFERENCE_LANGUAGE, SHIPPED_LANGUAGES, type Language } from '../../common/languages';
import type { Understander, Understanding } from '../../dialogs/ports';
import type { ClosableUnderstander } from './swappable-understander';

/**
 * The bot's understander across languages: a message goes to its language's model, and to
 * the English one (the learning loop's {@link SwappableUnderstander}) when it is English, has
 * no language, or its language has no model.
 */
export class LanguageUnderstander implements Understander {
  constructor(
    private readonly english: Understander,
    private readonly others: Readonly<Partial<Record<Language, ClosableUnderstander>>>,
  ) {}

  /** The languages with a model of their own besides English. */
  get languages(): Language[] {
    return SHIPPED_LANGUAGES.filter((language) => this.others[language] !== undefined);
  }

  async understand(text: string, language: Language = REFERENCE_LANGUAGE): Promise<Understanding> {
    const understander = language === REFERENCE_LANGUAGE ? undefined : this.others[language];
    return (understander ?? this.english).understand(text);
  }

  /** Closes the other languages' understanders; the English one belongs to whoever made it. */
  async close(): Promise<void> {
    for (const understander of Object.values(this.others)) await understander?.close?.();
  }
}

/**
 * Loads one understander per shipped language other than English whose model file exists
 * (`modelPathOf`), with `load` (on worker threads or here, as the English one).
 */
export async function loadLanguageUnderstanders(
  load: (modelPath: string) => Promise<ClosableUnderstander>,
  modelPathOf: (language: Language) => string,
): Promise<Partial<Record<Language, ClosableUnderstander>>> {
  const languages = SHIPPED_LANGUAGES.filter((language) => language !== REFERENCE_LANGUAGE && existsSync(modelPathOf(language)));
  const loaded = await Promise.all(languages.map(async (language) => [language, await load(modelPathOf(language))] as const));
  return Object.fromEntries(loaded);
}
