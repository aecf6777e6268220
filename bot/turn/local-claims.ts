/** How a turn run by this instance ended. */
export type TurnSettlement = { ok: true } | { ok: false; error: unknown };

/**
 * The turns this instance is running, by dedup key: a concurrent delivery of the same
 * activity waits for the first one here instead of polling the database, and fails as it did.
 */
export class LocalClaims {
  private readonly turns = new Map<string, Promise<TurnSettlement>>();

  /** The settlement of the running turn of `key`, if this instance runs one. */
  settlementOf(key: string): Promise<TurnSettlement> | undefined {
    return this.turns.get(key);
  }

  /** Runs `work` as the turn of `key`; concurrent callers see it through {@link settlementOf}. */
  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    let settle!: (s: TurnSettlement) => void;
    this.turns.set(key, new Promise((resolve) => (settle = resolve)));
    try {
      const result = await work();
      settle({ ok: true });
      return result;
    } catch (error) {
      settle({ ok: false, error });
      throw error;
    } finally {
      this.turns.delete(key);
    }
  }
}
