import type { Knex } from 'knex';

export interface DbAgentRow {
  id: string;
  name: string | null;
  teams_user_id: string | null;
  /** Given by the admin who issued the agent's credential. */
  email: string | null;
  source: 'team' | 'admin' | 'tab';
  created_at: number;
}

/** Records an agent (by AAD object id) on first contact; refreshes the name (and Teams user id, when given) later. */
export async function upsertAgent(
  db: Knex,
  a: { id: string; name?: string; teamsUserId?: string; source: DbAgentRow['source']; now: number },
): Promise<void> {
  await db('agents')
    .insert({ id: a.id, name: a.name ?? null, teams_user_id: a.teamsUserId ?? null, source: a.source, created_at: a.now })
    .onConflict('id')
    .merge(a.teamsUserId === undefined ? ['name'] : ['name', 'teams_user_id']);
}

/** An agent by id. */
export async function getAgent(db: Knex, id: string): Promise<DbAgentRow | undefined> {
  return db<DbAgentRow>('agents').where({ id }).first();
}

/** All known agents. */
export async function listAgents(db: Knex): Promise<DbAgentRow[]> {
  return db<DbAgentRow>('agents').orderBy('created_at');
}
