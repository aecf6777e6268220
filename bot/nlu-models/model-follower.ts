import { rmSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import type { Knex } from 'knex';
import { MINUTE_MS } from '../../common/time';
import { activeNluVersion, loadNluModelGz } from '../../store/nlu-models';
import type { Logger } from '../logger';
import type { ClosableUnderstander, SwappableUnderstander } from '../nlu-threads/swappable-understander';
import { createModelFilesDir } from './model-files';
import { SHIPPED_VERSION } from './retrainer';

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
  /** The model answering while no stored version is active (named {@link SHIPPED_VERSION}). */
  shippedModelPath: string;
  /** How long before a version that failed to load is tried again (default a minute, not every poll). */
  failedLoadRetryMs?: number;
}

/**
 * Keeps this instance on the active model version: polls the version in the database and, when
 * it changed, loads that model (from its stored JSON, through a file of this instance's own)
 * and swaps it in; no active version means the shipped model. Every instance runs one, so all
 * follow a promotion (or an erasure's replacement of the active version) within `pollMs` plus
 * the load, without a restart. The file of a version swapped out is deleted once its last turn
 * is answered: a version deleted for an erasure leaves no copy on any instance's disk.
 */
export class ModelFollower {
  private readonly cacheDir = createModelFilesDir();
  private interval?: NodeJS.Timeout;
  private running?: Promise<void>;
  /** A version that could not be loaded, and when: retried after `failedLoadRetryMs`. */
  private failed?: { version: string; at: number };

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
    let version = SHIPPED_VERSION;
    try {
      version = (await activeNluVersion(db)) ?? SHIPPED_VERSION;
      if (version === understander.version || this.recentlyFailed(version)) return;
      const file = version === SHIPPED_VERSION ? this.deps.shippedModelPath : await this.writeModelFile(version);
      if (file === undefined) return;
      const next = await this.deps.load(file);
      const previous = understander.version;
      await understander.swap(version, next);
      this.failed = undefined;
      logger.info({ version, previous }, 'nlu: now answering with the active model');
      // Its own failure: the swap above succeeded and must not be reported as a failed load.
      await rm(this.fileOf(previous), { force: true }).catch((error: unknown) =>
        logger.warn({ err: error, version: previous }, 'nlu: could not delete the file of the replaced model'),
      );
    } catch (error) {
      this.failed = { version, at: Date.now() };
      logger.error({ err: error, version }, 'nlu: could not load the active model; staying on the current one');
      // No copy of a model this instance does not answer with: it may be erased before the retry.
      if (version !== understander.version) {
        await rm(this.fileOf(version), { force: true }).catch((err: unknown) =>
          logger.warn({ err, version }, 'nlu: could not delete a model file'),
        );
      }
    }
  }

  private recentlyFailed(version: string): boolean {
    return this.failed?.version === version && Date.now() - this.failed.at < (this.deps.failedLoadRetryMs ?? MINUTE_MS);
  }

  /** Writes a stored version's JSON to this instance's file; undefined when it is gone meanwhile. */
  private async writeModelFile(version: string): Promise<string | undefined> {
    const gz = await loadNluModelGz(this.deps.db, version);
    if (!gz) return undefined;
    const file = this.fileOf(version);
    await writeFile(file, await gunzipAsync(gz));
    return file;
  }

  private fileOf(version: string): string {
    return path.join(this.cacheDir, `${version}.json`);
  }
}
