import { z } from 'zod';
import { REFERENCE_LANGUAGE, SHIPPED_LANGUAGES, type Language } from '../common/languages';
import { escapeRegExp, foldPhrase, phraseSource, PhraseList, wordCount } from '../common/phrase-patterns';
import de from './typed-answers/de.json';
import en from './typed-answers/en.json';
import zh from './typed-answers/zh.json';

// What customers type instead of pressing a button, per shipped language (issue 19): a yes or
// no to the bot's question, a request to leave a live chat, a question about their ticket, a
// survey rating. The words are data (`typed-answers/<lang>.json`, written in the pattern
// language of common/phrase-patterns.ts); a message is read with its own language's words and
// the English ones, since customers mix.

const patternsSchema = z.array(z.string().trim().min(1)).min(1);

/** One language's typed answers, as its file holds them. */
export const typedAnswersFileSchema = z.strictObject({
  /** A yes to the bot's question, alone or followed by a few words. */
  yes: patternsSchema,
  /** A no to the bot's question. */
  no: patternsSchema,
  /** Further ways to agree to the email follow-up (only there: "ok" elsewhere closes a conversation). */
  emailYes: patternsSchema,
  /** Further ways to refuse the email follow-up. */
  emailNo: patternsSchema,
  /** Words that turn a yes into something else when they follow it ("natürlich nicht", "好的，不用了"). */
  negations: patternsSchema,
  /** Whole messages that ask to leave a live chat or the queue. */
  leaveChat: patternsSchema,
  /** A question about a ticket already opened: a ticket word with a news word, or a news question alone. */
  ticketStatus: z.strictObject({ ticketWords: patternsSchema, newsWords: patternsSchema, newsQuestions: patternsSchema }),
  /** A typed survey rating: a number word, optionally with a unit ("vier Sterne", "五星"); top marks are a 5. */
  ratings: z.strictObject({
    numbers: z.record(z.string().min(1), z.int().min(1).max(5)),
    units: patternsSchema,
    topMarks: patternsSchema,
  }),
});

/** One language's typed answers as a file holds them. */
export type TypedAnswersFile = z.infer<typeof typedAnswersFileSchema>;

/** The typed-answer file of each shipped language. */
export const TYPED_ANSWER_FILES: Readonly<Record<Language, unknown>> = { en, de, zh };

/** At most this many words may follow a typed yes or no ("ja, gerne, danke"); a longer message says more than that. */
export const MAX_WORDS_AFTER_YES_NO = 4;

/** The typed answers a message in one language is read with (its own words and the English ones). */
export class TypedAnswers {
  private readonly yes: PhraseList;
  private readonly no: PhraseList;
  private readonly emailYes: PhraseList;
  private readonly emailNo: PhraseList;
  private readonly negations: PhraseList;
  private readonly leaveChat: PhraseList;
  private readonly ticketWords: PhraseList;
  private readonly newsWords: PhraseList;
  private readonly newsQuestions: PhraseList;
  private readonly numbers: ReadonlyMap<string, number>;
  private readonly rating: RegExp;
  private readonly topMarks: PhraseList;

  constructor(files: readonly TypedAnswersFile[]) {
    const list = (pick: (file: TypedAnswersFile) => string[]) => new PhraseList(files.flatMap(pick));
    this.yes = list((f) => f.yes);
    this.no = list((f) => f.no);
    this.emailYes = list((f) => [...f.yes, ...f.emailYes]);
    this.emailNo = list((f) => [...f.no, ...f.emailNo]);
    this.negations = list((f) => f.negations);
    this.leaveChat = list((f) => f.leaveChat);
    this.ticketWords = list((f) => f.ticketStatus.ticketWords);
    this.newsWords = list((f) => f.ticketStatus.newsWords);
    this.newsQuestions = list((f) => f.ticketStatus.newsQuestions);
    this.topMarks = list((f) => f.ratings.topMarks);
    this.numbers = new Map(files.flatMap((f) => Object.entries(f.ratings.numbers).map(([word, n]) => [foldPhrase(word), n] as const)));
    const numberWords = [...[...this.numbers.keys()].map(escapeRegExp), '[1-5]'];
    const units = files.flatMap((f) => f.ratings.units).map(phraseSource);
    this.rating = new RegExp(`^(${numberWords.join('|')})(?: ?(?:${units.join('|')}))?$`, 'u');
  }

  /** A yes (or no) that begins the message, followed by at most {@link MAX_WORDS_AFTER_YES_NO} words. */
  private begins(list: PhraseList, text: string): boolean {
    return this.rest(list, text) !== undefined;
  }

  /** What follows a leading phrase of `list` when it is short enough, else undefined. */
  private rest(list: PhraseList, text: string): string | undefined {
    const rest = list.restAfterLeading(foldPhrase(text));
    return rest !== undefined && wordCount(rest) <= MAX_WORDS_AFTER_YES_NO ? rest : undefined;
  }

  /** A yes not taken back by the words after it ("please don't", "bitte nicht", "好的，不用了"). */
  private beginsYes(list: PhraseList, text: string): boolean {
    const rest = this.rest(list, text);
    return rest !== undefined && !this.negations.occursIn(rest);
  }

  /** A yes to the bot's question ("yes please", "ja klar", "是的"). */
  isYes(text: string): boolean {
    return this.beginsYes(this.yes, text);
  }

  /** A no to the bot's question ("nope", "nein danke", "不用了"). */
  isNo(text: string): boolean {
    return this.begins(this.no, text);
  }

  /** A yes to the email follow-up's consent question (a yes, "ok" and "好的" included). */
  isEmailYes(text: string): boolean {
    return this.beginsYes(this.emailYes, text);
  }

  /** A no to the email follow-up (a no, "no thanks" included). */
  isEmailNo(text: string): boolean {
    return this.begins(this.emailNo, text);
  }

  /** True when the whole message asks to leave the live chat or the queue ("end chat", "Chat beenden", "结束对话"). */
  isLeaveRequest(text: string): boolean {
    return this.leaveChat.isWhole(foldPhrase(text));
  }

  /** True when the customer asks what became of a ticket they already have. */
  isTicketStatusQuestion(text: string): boolean {
    const folded = foldPhrase(text);
    return (this.ticketWords.occursIn(folded) && this.newsWords.occursIn(folded)) || this.newsQuestions.occursIn(folded);
  }

  /** The 1–5 rating a typed number word or digit gives ("vier Sterne", "五星", "5分"), or undefined. */
  ratingOf(text: string): number | undefined {
    const folded = foldPhrase(text);
    if (this.topMarks.isWhole(folded)) return 5;
    const typed = this.rating.exec(folded);
    if (!typed) return undefined;
    return this.numbers.get(typed[1]) ?? Number(typed[1]);
  }
}

const FILES = new Map<Language, TypedAnswersFile>(
  SHIPPED_LANGUAGES.map((language) => [language, typedAnswersFileSchema.parse(TYPED_ANSWER_FILES[language])]),
);

const READERS = new Map<Language, TypedAnswers>(
  SHIPPED_LANGUAGES.map((language) => {
    const languages = language === REFERENCE_LANGUAGE ? [language] : [language, REFERENCE_LANGUAGE];
    return [language, new TypedAnswers(languages.map((l) => FILES.get(l) as TypedAnswersFile))];
  }),
);

/** The typed answers of a message written in `language` (its words and the English ones). */
export function typedAnswersOf(language: Language): TypedAnswers {
  return READERS.get(language) as TypedAnswers;
}
