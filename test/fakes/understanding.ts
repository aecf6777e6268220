import type { Understanding } from '../../dialogs/ports';

/** A confident NLU reading of `intent` (one alternative, neutral sentiment), with `extra` laid over it. */
export function understood(intent: string, extra: Partial<Understanding> = {}): Understanding {
  return {
    intent,
    confidence: 0.9,
    outOfScope: false,
    margin: 0.6,
    alternatives: [{ intent, confidence: 0.9 }],
    entities: [],
    sentiment: 0,
    ...extra,
  };
}
