import type { Knex } from 'knex';
import { NotFoundError } from './errors';

export interface DbAgentChannelRow {
  id: number;
  conversation_id: string;
  team_id: string | null;
  team_name: string | null;
  tenant_id: string | null;
  reference: string;
  active: boolean | number;
  created_at: number;
}

/** A Teams channel the bot was installed in (see {@link registerAgentChannel}). */
export interface AgentChannelInstall {
  conversationId: string;
  teamId?: string;
  teamName?: string;
  tenantId?: string;
  reference: object;
  now: number;
  /** `AGENTS_TEAM_ID`: only this team's channel becomes the queue. */
  pinnedTeamId?: string;
}

/**
 * Records a Teams channel the bot was installed in. It becomes the agents' queue when it is
 * the pinned team's, or, without a pin, when no queue exists yet (the first team); any other
 * install is only recorded until an admin moves the queue ({@link activateAgentChannel}).
 * Returns whether the channel is the active queue.
 */
export async function registerAgentChannel(db: Knex, c: AgentChannelInstall): Promise<boolean> {
  return db.transaction(async (tx) => {
    await tx('agent_channels')
      .insert({
        conversation_id: c.conversationId,
        team_id: c.teamId ?? null,
        team_name: c.teamName ?? null,
        tenant_id: c.tenantId ?? null,
        reference: JSON.stringify(c.reference),
        active: false,
        created_at: c.now,
      })
      .onConflict('conversation_id')
      .merge(['team_id', 'team_name', 'tenant_id', 'reference']);
    const mine = tx('agent_channels').where({ conversation_id: c.conversationId });
    if (c.pinnedTeamId !== undefined) {
      if (c.teamId !== c.pinnedTeamId) return false;
      await tx('agent_channels').whereNot({ conversation_id: c.conversationId }).update({ active: false });
      await mine.clone().update({ active: true });
      return true;
    }
    await mine
      .clone()
      .whereNotExists((q) => q.select(tx.raw('1')).from('agent_channels as other').where('other.active', true))
      .update({ active: true });
    const row = await mine.clone().first('active');
    return Boolean(row?.active);
  });
}

/** Makes the registered channel of the pinned team the queue, if it is registered (at start). */
export async function activatePinnedTeam(db: Knex, teamId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const pinned = await tx<DbAgentChannelRow>('agent_channels').where({ team_id: teamId }).orderBy('created_at').first('id');
    if (!pinned) return;
    await tx('agent_channels').whereNot({ id: pinned.id }).update({ active: false });
    await tx('agent_channels').where({ id: pinned.id }).update({ active: true });
  });
}

/** A registered channel by id, or NotFoundError. */
export async function getAgentChannel(db: Knex, id: number): Promise<DbAgentChannelRow> {
  const row = await db<DbAgentChannelRow>('agent_channels').where({ id }).first();
  if (!row) throw new NotFoundError(`Agent channel ${id} not found`);
  return row;
}

/** Makes another registered channel the active queue. */
export async function activateAgentChannel(db: Knex, id: number): Promise<void> {
  await db.transaction(async (tx) => {
    await getAgentChannel(tx, id);
    await tx('agent_channels').update({ active: false });
    await tx('agent_channels').where({ id }).update({ active: true });
  });
}

/** The active agents' channel, if one is registered. */
export async function activeAgentChannel(db: Knex): Promise<DbAgentChannelRow | undefined> {
  return db<DbAgentChannelRow>('agent_channels').where({ active: true }).first();
}

/** Every registered agents' channel. */
export async function listAgentChannels(db: Knex): Promise<DbAgentChannelRow[]> {
  return db<DbAgentChannelRow>('agent_channels').orderBy('created_at');
}
