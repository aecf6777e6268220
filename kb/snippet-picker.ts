import type { KbArticle } from './article';
import type { WeightedTerm } from './bm25f-index';
import { analyse as englishAnalyse, stripMarkdown } from './text-analysis';

interface Passage {
  text: string;
  stems: ReadonlySet<string>;
}

const maxSnippetLength = 280;

/**
 * Chooses what to show under a hit: the article's summary, unless one sentence of the body
 * covers the query better (the customer asked about a detail the summary does not mention).
 */
export class SnippetPicker {
  private readonly summaries: Passage[];
  private readonly sentences: Passage[][];

  /**
   * @param articles - the indexed articles, in document-id order
   * @param analyse - their language's analysis (the index's terms)
   */
  constructor(articles: readonly KbArticle[], analyse: (text: string) => string[] = englishAnalyse) {
    const toPassage = (text: string): Passage => ({ text: text.trim(), stems: new Set(analyse(text)) });
    this.summaries = articles.map((article) => toPassage(article.summary));
    this.sentences = articles.map((article) => splitSentences(article.body).map(toPassage));
  }

  /**
   * The snippet for one document.
   * @param doc - document id (position in the constructor's list)
   * @param terms - the query's positively weighted terms
   * @param idf - how informative each stem is
   */
  pick(doc: number, terms: readonly WeightedTerm[], idf: (stemmed: string) => number): string {
    const coverage = (passage: Passage): number => {
      let sum = 0;
      for (const term of terms) {
        if (term.weight > 0 && passage.stems.has(term.stem)) sum += term.weight * idf(term.stem);
      }
      return sum;
    };
    const summary = this.summaries[doc];
    let best = summary;
    let bestScore = coverage(summary);
    for (const sentence of this.sentences[doc] ?? []) {
      const score = coverage(sentence);
      if (score > bestScore) {
        best = sentence;
        bestScore = score;
      }
    }
    return truncate(best.text);
  }
}

/** Sentence-ending punctuation: Latin, and the Chinese (and full-width) marks 。！？； with any closing quote after them. */
const SENTENCE_END = /[.!?。！？；．][”’」』）)"']*$/u;
/** Where a body splits into sentences: line breaks; after Latin end punctuation before a capital or digit; after Chinese end punctuation. */
const SENTENCE_BREAK = /\n+|(?<=[.!?])\s+(?=[\p{Lu}0-9"“„])|(?<=[。！？；．][”’」』）)]*)(?![”’」』）)])\s*/u;
/** A markdown heading line ("## 找不到按钮？"): a title, not a sentence, even with end punctuation. */
const HEADING = /^\s{0,3}#{1,6}\s.*$/gm;
/** A Han character: Chinese sentences are measured in characters, as they have no spaces. */
const HAN = /\p{Script=Han}/gu;
/** Shortest sentence worth showing: this many words, or this many Han characters twice over. */
const MIN_SENTENCE_WORDS = 4;

/** Full sentences of the body; headings and fragments without end punctuation are skipped. */
function splitSentences(body: string): string[] {
  return stripMarkdown(body.replace(HEADING, ''))
    .split(SENTENCE_BREAK)
    .map((sentence) => sentence.trim())
    .filter((sentence) => SENTENCE_END.test(sentence) && isLongEnough(sentence));
}

function isLongEnough(sentence: string): boolean {
  const han = sentence.match(HAN)?.length ?? 0;
  return han >= 2 * MIN_SENTENCE_WORDS || sentence.split(' ').length >= MIN_SENTENCE_WORDS;
}

/** Cut at a space when there is one in the second half (Chinese has none: cut at the length). */
function truncate(text: string): string {
  if (text.length <= maxSnippetLength) return text;
  const cut = text.slice(0, maxSnippetLength - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > maxSnippetLength / 2 ? cut.slice(0, space) : cut}…`;
}
