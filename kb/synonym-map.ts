import { foldCaseAccentsAndContractions, stem, stopWords, tokenize } from './text-analysis';

/** A multi-word synonym found in a query, as a half-open range of token positions. */
export interface PhraseMatch {
  start: number;
  end: number;
  /** Index of the synonym group the phrase belongs to. */
  group: number;
}

interface Phrase {
  stems: string[];
  group: number;
}

/**
 * Groups of interchangeable words and phrases. A query word or phrase of a group also
 * searches the other members of its group (at a lower weight chosen by the caller).
 * Members are compared by their Porter stems, so `refunds` matches the member `refund`.
 */
export class SynonymMap {
  private readonly groupStems: string[][] = [];
  private readonly groupsByStem = new Map<string, number[]>();
  private readonly phrasesByFirstStem = new Map<string, Phrase[]>();
  private readonly singleWords = new Set<string>();

  /** @param groups - each group lists words or phrases with (roughly) the same meaning */
  constructor(groups: ReadonlyArray<ReadonlyArray<string>>) {
    groups.forEach((members, group) => {
      const stems = new Set<string>();
      for (const member of members) {
        const memberWords = tokenize(foldCaseAccentsAndContractions(member));
        const memberStems = memberWords.map(stem);
        if (memberStems.length === 1) {
          this.singleWords.add(memberWords[0]);
          addTo(this.groupsByStem, memberStems[0], group);
        } else if (memberStems.length > 1) {
          const phrases = this.phrasesByFirstStem.get(memberStems[0]) ?? [];
          phrases.push({ stems: memberStems, group });
          this.phrasesByFirstStem.set(memberStems[0], phrases);
        }
        for (const memberStem of memberStems) if (!stopWords.has(memberStem)) stems.add(memberStem);
      }
      this.groupStems.push([...stems]);
    });
  }

  /** The single-word members as written (normalised), e.g. for typo correction. */
  words(): IterableIterator<string> {
    return this.singleWords.values();
  }

  /** Groups a single stem belongs to. */
  groupsOf(stemmed: string): readonly number[] {
    return this.groupsByStem.get(stemmed) ?? [];
  }

  /** The content stems of every member of a group (phrases give each of their words). */
  stemsOf(group: number): readonly string[] {
    return this.groupStems[group] ?? [];
  }

  /** Finds the multi-word members present in a stemmed token sequence (longest first, no overlaps). */
  findPhrases(stems: readonly string[]): PhraseMatch[] {
    const matches: PhraseMatch[] = [];
    let position = 0;
    while (position < stems.length) {
      const candidates = this.phrasesByFirstStem.get(stems[position]) ?? [];
      let best: Phrase | undefined;
      for (const phrase of candidates) {
        const fits = phrase.stems.every((phraseStem, offset) => stems[position + offset] === phraseStem);
        if (fits && (!best || phrase.stems.length > best.stems.length)) best = phrase;
      }
      if (best) {
        matches.push({ start: position, end: position + best.stems.length, group: best.group });
        position += best.stems.length;
      } else {
        position += 1;
      }
    }
    return matches;
  }
}

function addTo(map: Map<string, number[]>, key: string, value: number): void {
  const list = map.get(key) ?? [];
  if (!list.includes(value)) list.push(value);
  map.set(key, list);
}
