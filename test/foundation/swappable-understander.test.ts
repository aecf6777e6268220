import { expect } from 'chai';
import type { Understanding } from '../../dialogs/ports';
import { SwappableUnderstander, type ClosableUnderstander } from '../../bot/nlu-threads/swappable-understander';

function understanding(intent: string): Understanding {
  return { intent, confidence: 1, outOfScope: false, margin: 1, alternatives: [], entities: [], sentiment: 0 };
}

/** A model whose answers the test releases by hand, and that records when it is closed. */
class HeldModel implements ClosableUnderstander {
  closed = false;
  private readonly waiting: Array<() => void> = [];
  constructor(private readonly intent: string) {}

  understand(): Promise<Understanding> {
    if (this.closed) return Promise.reject(new Error(`${this.intent} used after close`));
    return new Promise((resolve) => this.waiting.push(() => resolve(understanding(this.intent))));
  }

  release(): void {
    for (const answer of this.waiting.splice(0)) answer();
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

describe('SwappableUnderstander', () => {
  describe('swap', () => {
    it('finishes turns in flight on the old model, sends new ones to the new model, then closes the old one', async () => {
      const old = new HeldModel('old');
      const next = new HeldModel('new');
      const understander = new SwappableUnderstander('v1', old);
      const inFlight = understander.understand('a');
      let swapped = false;
      const swap = understander.swap('v2', next).then(() => (swapped = true));
      expect(understander.version).to.equal('v2');
      const after = understander.understand('b');
      await new Promise((resolve) => setImmediate(resolve));
      expect(old.closed, 'not closed while a turn is in flight').to.equal(false);
      expect(swapped).to.equal(false);
      old.release();
      next.release();
      expect((await inFlight).intent).to.equal('old');
      expect((await after).intent).to.equal('new');
      await swap;
      expect(old.closed).to.equal(true);
      expect(next.closed).to.equal(false);
    });

    it('closes an idle old model at once', async () => {
      const old = new HeldModel('old');
      const understander = new SwappableUnderstander('v1', old);
      await understander.swap('v2', new HeldModel('new'));
      expect(old.closed).to.equal(true);
    });
  });
});
