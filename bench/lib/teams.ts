import { randomUUID } from 'node:crypto';

/** The agents' team as Teams describes it in activities. */
export const TEAM = { id: '19:agents-team@thread.tacv2', name: 'Support agents' };
export const TENANT = 'tenant-0001';
const BOT = { id: '28:bot-app-id', name: 'Support Bot' };

/** An agent of the agents' team. */
export interface TeamsUser {
  id: string;
  aadObjectId: string;
  name: string;
}

/** Agent number `n` (Teams user id, AAD object id, name). */
export function agent(n: number): TeamsUser {
  return { id: `29:agent-${n}`, aadObjectId: `aad-agent-${n}`, name: `Agent ${n}` };
}

function channelData(): Record<string, unknown> {
  return { team: TEAM, channel: { id: TEAM.id, name: 'General' }, tenant: { id: TENANT } };
}

/** The bot being added to the agents' team (what Teams sends on install). */
export function botAddedToTeam(serviceUrl: string, installer: TeamsUser): Record<string, unknown> {
  return {
    type: 'conversationUpdate',
    id: randomUUID(),
    serviceUrl,
    channelId: 'msteams',
    from: installer,
    recipient: BOT,
    conversation: { id: TEAM.id, conversationType: 'channel', tenantId: TENANT, isGroup: true },
    membersAdded: [BOT],
    channelData: { ...channelData(), eventType: 'teamMemberAdded' },
  };
}

/** The fields every activity from the card's thread in the agents' channel carries. */
function fromThread(serviceUrl: string, from: TeamsUser, cardId: string): Record<string, unknown> {
  return {
    id: randomUUID(),
    serviceUrl,
    channelId: 'msteams',
    from,
    recipient: BOT,
    conversation: { id: `${TEAM.id};messageid=${cardId}`, conversationType: 'channel', tenantId: TENANT, isGroup: true },
    channelData: channelData(),
  };
}

/** An agent pressing Accept (Action.Execute) on the card posted as activity `cardId`. */
export function acceptInvoke(serviceUrl: string, from: TeamsUser, cardId: string, data: unknown): Record<string, unknown> {
  return {
    ...fromThread(serviceUrl, from, cardId),
    type: 'invoke',
    name: 'adaptiveCard/action',
    value: { action: { type: 'Action.Execute', verb: 'accept', data }, trigger: 'manual' },
  };
}

/** An agent's reply in the thread under the card `cardId`, with the bot @mentioned as Teams does. */
export function threadReply(serviceUrl: string, from: TeamsUser, cardId: string, text: string): Record<string, unknown> {
  return {
    ...fromThread(serviceUrl, from, cardId),
    type: 'message',
    text: `<at>Support Bot</at> ${text}`,
    entities: [{ type: 'mention', text: '<at>Support Bot</at>', mentioned: BOT }],
  };
}
