import type { Understander, Understanding } from '../../dialogs/ports';

/** An understander that may hold workers to stop once it is no longer used. */
export interface ClosableUnderstander extends Understander {
  close?(): Promise<void>;
}

interface Entry {
  version: string;
  understander: ClosableUnderstander;
  inFlight: number;
  retired?: () => void;
}

/**
 * The bot's understander, switchable at run time to another model version: each request runs
 * on the model that was current when it started, and a replaced model is closed only once its
 * requests in flight are answered, so a swap never drops or re-routes a turn.
 */
export class SwappableUnderstander implements Understander {
  private current: Entry;

  constructor(version: string, understander: ClosableUnderstander) {
    this.current = { version, understander, inFlight: 0 };
  }

  /** The model version answering new requests. */
  get version(): string {
    return this.current.version;
  }

  async understand(text: string): Promise<Understanding> {
    const entry = this.current;
    entry.inFlight++;
    try {
      return await entry.understander.understand(text);
    } finally {
      entry.inFlight--;
      if (entry.inFlight === 0) entry.retired?.();
    }
  }

  /**
   * Sends new requests to `understander` (already loaded) from now on; resolves once the
   * replaced one has answered its requests in flight and is closed.
   */
  async swap(version: string, understander: ClosableUnderstander): Promise<void> {
    const old = this.current;
    this.current = { version, understander, inFlight: 0 };
    await retire(old);
  }

  /** Closes the current understander (at shutdown, after the turns drained). */
  async close(): Promise<void> {
    await retire(this.current);
  }
}

async function retire(entry: Entry): Promise<void> {
  if (entry.inFlight > 0) await new Promise<void>((resolve) => (entry.retired = resolve));
  await entry.understander.close?.();
}
