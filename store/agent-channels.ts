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

/**
 * Registers a Teams channel as an agents' queue (the bot was added to its team). The latest
 * registered channel becomes the active queue.
 */
export async function registerAgentChannel(
  db: Knex,
  c: { conversationId: string; teamId?: string; teamName?: string; tenantId?: string; reference: object; now: number },
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx('agent_channels').update({ active: false });
    await tx('agent_channels')
      .insert({
        conversation_id: c.conversationId,
        team_id: c.teamId ?? null,
        team_name: c.teamName ?? null,
        tenant_id: c.tenantId ?? null,
        reference: JSON.stringify(c.reference),
        active: true,
        created_at: c.now,
      })
      .onConflict('conversation_id')
      .merge(['team_id', 'team_name', 'tenant_id', 'reference', 'active']);
  });
}

/** Makes another registered channel the active queue. */
export async function activateAgentChannel(db: Knex, id: number): Promise<void> {
  await db.transaction(async (tx) => {
    if (!(await tx('agent_channels').where({ id }).first('id'))) throw new NotFoundError(`Agent channel ${id} not found`);
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

/** True when the conversation id is a registered agents' channel (or a thread in it). */
export async function isAgentChannel(db: Knex, conversationId: string): Promise<boolean> {
  const channelId = conversationId.split(';')[0];
  return (await db('agent_channels').where({ conversation_id: channelId }).first('id')) !== undefined;
}
