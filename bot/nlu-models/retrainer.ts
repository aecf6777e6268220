import { randomBytes, randomUUID } from 'node:crypto';
import type { Worker } from 'node:worker_threads';
import type { Knex } from 'knex';
import { REFERENCE_LANGUAGE } from '../../common/languages';
import { MINUTE_MS } from '../../common/time';
import { listConfirmedExamples } from '../../store/confirmed-examples';
import { activeNluVersion, insertNluModel, loadNluModelGz, markRetrainDue, takeDueRetrain } from '../../store/nlu-models';
import { claimTrainingLease, releaseTrainingLease, renewTrainingLease } from '../../store/nlu-training-lease';
import type { Logger } from '../logger';
import { spawnWorker } from '../nlu-threads/spawn-worker';
import type { RetrainInput, RetrainOutput } from './retrain-protocol';

/** A new model is promoted when its accuracy is at least the active model's minus this. */
export const PROMOTION_TOLERANCE = 0.005;

/**
 * How long a retrain holds the lease: far above a training run (20–60 s on two busy cores), and
 * renewed every {@link LEASE_RENEW_MS} while it runs, so a live run is never taken over, yet an
 * instance that crashed mid-run blocks retrains only this long.
 */
const TRAINING_LEASE_MS = 15 * MINUTE_MS;
const LEASE_RENEW_MS = TRAINING_LEASE_MS / 5;
/** A training worker still running after this long is stopped: a hung one must not hold the lease for ever. */
const TRAINING_DEADLINE_MS = TRAINING_LEASE_MS;

/** The version name of the shipped model (the file in the repository) in comparisons. */
export const SHIPPED_VERSION = 'shipped';

/** Whether a model scoring `candidate` may replace one scoring `active` (same evaluation set). */
export function passesGate(candidate: number, active: number): boolean {
  return candidate >= active - PROMOTION_TOLERANCE;
}

/** The outcome of {@link Retrainer.start}: a run started, or the version of the run in progress. */
export type RetrainStart = { started: string } | { running: string };

/** Where a {@link Retrainer} reads its data. */
export interface RetrainerDeps {
  db: Knex;
  logger: Logger;
  /** The training file the confirmed examples are added to. */
  trainingPath: string;
  /** The evaluation file the gate compares the models on. */
  evalPath: string;
  /** The model the bot uses while no version in the database is active. */
  shippedModelPath: string;
}

/**
 * Retrains the intent model on a worker thread, one run at a time across instances (a lease
 * in the database), stores the result and promotes it only when it passes the gate
 * ({@link passesGate}); a model that does not is stored with its figures, inactive.
 */
export class Retrainer {
  private readonly owner = randomUUID();
  private readonly runs = new Set<Promise<void>>();
  private readonly workers = new Set<Worker>();

  constructor(private readonly deps: RetrainerDeps) {}

  /** Starts a retrain unless one runs on any instance; the training continues in the background. */
  async start(now = Date.now()): Promise<RetrainStart> {
    const version = newVersion(now);
    const claim = await claimTrainingLease(this.deps.db, { version, owner: this.owner, now, leaseMs: TRAINING_LEASE_MS });
    if (!claim.claimed) return { running: claim.running };
    const run = this.run(version).finally(() => this.runs.delete(run));
    this.runs.add(run);
    return { started: version };
  }

  /**
   * Starts the retrain an erasure or purge marked due (store/nlu-models.ts) when it replaced
   * the active version; every instance checks, one takes the mark. While another run holds the
   * lease the mark is put back, so the retrain is not lost.
   */
  async startIfDue(now = Date.now()): Promise<void> {
    if (!(await takeDueRetrain(this.deps.db, now, TRAINING_LEASE_MS))) return;
    const start = await this.start(now).catch(async (error: unknown) => {
      // The database failed after the mark was taken: put it back for the next check.
      await markRetrainDue(this.deps.db, now);
      throw error;
    });
    if ('running' in start) await markRetrainDue(this.deps.db, now);
    else this.deps.logger.info({ version: start.started }, 'nlu retrain started: trained examples were erased or purged');
  }

  /** Stops a training in progress on this instance (its version is then never stored). */
  async stop(): Promise<void> {
    await Promise.all([...this.workers].map((w) => w.terminate()));
    await Promise.all(this.runs);
  }

  private async run(version: string): Promise<void> {
    const { db, logger } = this.deps;
    const renewal = setInterval(() => {
      renewTrainingLease(db, this.owner, version, Date.now() + TRAINING_LEASE_MS).catch((error: unknown) =>
        logger.warn({ err: error, version }, 'nlu retrain: could not renew the lease'),
      );
    }, LEASE_RENEW_MS);
    try {
      await this.trainAndStore(version);
    } catch (error) {
      logger.error({ err: error, version }, 'nlu retrain failed');
    } finally {
      clearInterval(renewal);
      await releaseTrainingLease(db, this.owner, version).catch((error: unknown) =>
        logger.warn({ err: error, version }, 'nlu retrain: could not release the lease'),
      );
    }
  }

  private async trainAndStore(version: string): Promise<void> {
    const { db, logger } = this.deps;
    // The learning loop retrains the English model; examples in other languages wait for theirs.
    const examples = await listConfirmedExamples(db, REFERENCE_LANGUAGE);
    const activeVersion = await activeNluVersion(db);
    const activeGz = activeVersion === undefined ? undefined : await loadNluModelGz(db, activeVersion);
    const output = await this.train({
      trainingPath: this.deps.trainingPath,
      examples: examples.map(({ text, intent }) => ({ text, intent })),
      evalPath: this.deps.evalPath,
      active: activeGz ? { gz: activeGz } : { path: this.deps.shippedModelPath },
    });
    if (output.kind === 'failed') {
      logger.error({ version, reason: output.message }, 'nlu retrain failed');
      return;
    }
    const { figures } = output;
    const passedGate = passesGate(figures.candidate.accuracy, figures.active.accuracy);
    const outcome = await insertNluModel(db, {
      version,
      modelGz: Buffer.from(output.modelGz),
      accuracy: figures.candidate.accuracy,
      activeAccuracy: figures.active.accuracy,
      comparedWith: activeVersion,
      passedGate,
      exampleIds: examples.map((e) => e.id),
      figures: { ...figures },
      createdAt: Date.now(),
    });
    // Its training texts include words that are gone: discarded, and trained again without them.
    if (outcome === 'examples-removed') await markRetrainDue(db, Date.now());
    logger.info(
      {
        version,
        accuracy: figures.candidate.accuracy,
        activeAccuracy: figures.active.accuracy,
        passedGate,
        outcome,
        trainS: figures.trainS,
      },
      OUTCOME_MESSAGES[outcome === 'inactive' && passedGate ? 'superseded' : outcome],
    );
  }

  private train(input: RetrainInput): Promise<RetrainOutput> {
    const worker = spawnWorker(__dirname, 'retrain-worker', input);
    this.workers.add(worker);
    let deadline: NodeJS.Timeout | undefined;
    return new Promise<RetrainOutput>((resolve, reject) => {
      worker.once('message', (output: RetrainOutput) => resolve(output));
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`retrain worker exited with code ${code}`)));
      deadline = setTimeout(() => reject(new Error(`retrain worker still running after ${TRAINING_DEADLINE_MS} ms`)), TRAINING_DEADLINE_MS);
    }).finally(() => {
      clearTimeout(deadline);
      this.workers.delete(worker);
      void worker.terminate();
    });
  }
}

const OUTCOME_MESSAGES = {
  promoted: 'nlu retrain promoted',
  inactive: 'nlu retrain kept inactive: below the active model',
  superseded: 'nlu retrain kept inactive: another version was activated while it trained',
  'examples-removed': 'nlu retrain discarded: examples it was trained on were erased or purged meanwhile; retraining',
} as const;

/** A sortable, unique version name: the UTC time to the second and a random suffix. */
function newVersion(now: number): string {
  const stamp = new Date(now)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}
