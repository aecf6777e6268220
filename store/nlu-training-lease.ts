import type { Knex } from 'knex';

const LEASE_ROW = 1;

/** The outcome of {@link claimTrainingLease}: claimed, or the version another run is training. */
export type TrainingLeaseClaim = { claimed: true } | { claimed: false; running: string };

/**
 * Claims the one training lease for `version` until `now + leaseMs`: refused while another
 * run holds an unexpired lease, taken over once it expired (a crashed instance). The claim is
 * one conditional UPDATE, so two instances racing for it cannot both win.
 */
export async function claimTrainingLease(
  db: Knex,
  claim: { version: string; owner: string; now: number; leaseMs: number },
): Promise<TrainingLeaseClaim> {
  await db('nlu_training_lease').insert({ id: LEASE_ROW, version: '', owner: '', lease_until: 0 }).onConflict('id').ignore();
  const updated = await db('nlu_training_lease')
    .where({ id: LEASE_ROW })
    .andWhere('lease_until', '<', claim.now)
    .update({ version: claim.version, owner: claim.owner, lease_until: claim.now + claim.leaseMs });
  if (updated === 1) return { claimed: true };
  const row = await db('nlu_training_lease').where({ id: LEASE_ROW }).first<{ version: string }>('version');
  return { claimed: false, running: row.version };
}

/** Extends the lease of a run in progress to `until`, if `owner` still holds it for `version`. */
export async function renewTrainingLease(db: Knex, owner: string, version: string, until: number): Promise<void> {
  await db('nlu_training_lease').where({ id: LEASE_ROW, owner, version }).update({ lease_until: until });
}

/** Releases the lease, but only if `owner` still holds it for `version`. */
export async function releaseTrainingLease(db: Knex, owner: string, version: string): Promise<void> {
  await db('nlu_training_lease').where({ id: LEASE_ROW, owner, version }).update({ lease_until: 0 });
}
