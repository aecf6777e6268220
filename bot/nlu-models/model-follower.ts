import { mkdtempSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import type { Knex } from 'knex';
import { activeNluVersion, loadNluModelGz } from '../../store/nlu-models';
import type { Logger } from '../logger';
import type { ClosableUnderstander, SwappableUnderstander } from '../nlu-threads/swappable-understander';

const gunzipAsync = promisify(gunzip);

/** Dependencies of {@link ModelFollower}. */
export interface ModelFollowerDeps {
  db: Knex;
  logger: Logger;
  understander: SwappableUnderstander;
  /** Loads a model file into a ready understander (workers started, model built). */
  load(modelPath: string): Promise<ClosableUnderstander>;
  /** How often the active version is checked. */
  pollMs: number;
}

/**
 * Keeps this instance on the active model version: polls the version in the database and, when
 * it changed, loads that model (from its stored JSON, through a file of this instance's own)
 * and swaps it in. Every instance runs one, so all follow a promotion within `pollMs` plus
 * the load, without a restart.
 */
export class ModelFollower {
  private readonly cacheDir = mkdtempSync(path.join(os.tmpdir(), 'support-bot-models-'));
  private interval?: NodeJS.Timeout;
  private running?: Promise<void>;
  /** A version that could not be loaded, not retried at every poll. */
  private failed?: string;

  constructor(private readonly deps: ModelFollowerDeps) {}

  /** Starts polling. */
  start(): void {
    this.interval ??= setInterval(() => void this.sync(), this.deps.pollMs);
    this.interval.unref();
  }

  /**
   * Stops polling, waits for a swap in progress, closes the understander it follows (its
   * workers may still read their model file) and then removes this instance's model files.
   */
  async stop(): Promise<void> {
    clearInterval(this.interval);
    this.interval = undefined;
    await this.running;
    await this.deps.understander.close();
    rmSync(this.cacheDir, { recursive: true, force: true });
  }

  /** Checks the active version once and swaps to it when it changed (also called at start). */
  sync(): Promise<void> {
    this.running ??= this.follow().finally(() => (this.running = undefined));
    return this.running;
  }

  private async follow(): Promise<void> {
    const { db, logger, understander } = this.deps;
    let version: string | undefined;
    try {
      version = await activeNluVersion(db);
      if (version === undefined || version === understander.version || version === this.failed) return;
      const gz = await loadNluModelGz(db, version);
      if (!gz) return;
      const file = path.join(this.cacheDir, `${version}.json`);
      await writeFile(file, await gunzipAsync(gz));
      const next = await this.deps.load(file);
      const previous = understander.version;
      await understander.swap(version, next);
      logger.info({ version, previous }, 'nlu: now answering with the active model');
    } catch (error) {
      this.failed = version;
      logger.error({ err: error, version }, 'nlu: could not load the active model; staying on the current one');
    }
  }
}
