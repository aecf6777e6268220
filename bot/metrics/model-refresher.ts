import type { Knex } from 'knex';
import { refitMetricModels, type RefitOptions, type RefitResult } from './refit-models';

/**
 * Runs {@link refitMetricModels} one at a time. A call while a refit runs queues exactly one
 * more refit after it (so it sees data written since that one started); further calls join
 * the queued one instead of piling up (start-up, nightly and admin refreshes may overlap).
 */
export class ModelRefresher {
  private running?: Promise<RefitResult>;
  private queued?: Promise<RefitResult>;

  constructor(
    private readonly db: Knex,
    private readonly options: Omit<RefitOptions, 'now'> = {},
  ) {}

  /** Refits after any refit in progress and resolves with the result. */
  refresh(): Promise<RefitResult> {
    if (!this.running) return this.start();
    this.queued ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.queued = undefined;
        return this.start();
      });
    return this.queued;
  }

  /** Resolves when no refit is running or queued (whether they succeed or fail). */
  async idle(): Promise<void> {
    while (this.running || this.queued) await (this.queued ?? this.running)?.catch(() => undefined);
  }

  private start(): Promise<RefitResult> {
    const run = refitMetricModels(this.db, this.options).finally(() => {
      if (this.running === run) this.running = undefined;
    });
    this.running = run;
    return run;
  }
}
