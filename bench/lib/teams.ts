import { randomUUID } from 'node:crypto';

/** A Teams team as activities describe it. */
export interface Team {
  id: string;
  name: string;
}

/** The agents' team as Teams describes it in activities. */
export const TEAM: Team = { id: '19:agents-team@thread.tacv2', name: 'Support agents' };
/** Another team the bot may be added to (in another tenant). */
export const OTHER_TEAM: Team = { id: '19:marketing-team@thread.tacv2', name: 'Marketing' };
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

function channelData(team: Team): Record<string, unknown> {
  return { team, channel: { id: team.id, name: 'General' }, tenant: { id: TENANT } };
}

/** The bot being added to the agents' team (what Teams sends on install). */
export function botAddedToTeam(serviceUrl: string, installer: TeamsUser, team: Team = TEAM): Record<string, unknown> {
  return {
    type: 'conversationUpdate',
    id: randomUUID(),
    serviceUrl,
    channelId: 'msteams',
    from: installer,
    recipient: BOT,
    conversation: { id: team.id, conversationType: 'channel', tenantId: TENANT, isGroup: true },
    membersAdded: [BOT],
    channelData: { ...channelData(team), eventType: 'teamMemberAdded' },
  };
}

/** The fields every activity from the card's thread in the agents' channel carries. */
function fromThread(serviceUrl: string, from: TeamsUser, cardId: string | undefined, team: Team): Record<string, unknown> {
  const conversationId = cardId === undefined ? team.id : `${team.id};messageid=${cardId}`;
  return {
    id: randomUUID(),
    serviceUrl,
    channelId: 'msteams',
    from,
    recipient: BOT,
    conversation: { id: conversationId, conversationType: 'channel', tenantId: TENANT, isGroup: true },
    channelData: channelData(team),
  };
}

/** An agent pressing Accept (Action.Execute) on the card posted as activity `cardId`. */
export function acceptInvoke(
  serviceUrl: string,
  from: TeamsUser,
  cardId: string,
  data: unknown,
  team: Team = TEAM,
): Record<string, unknown> {
  return {
    ...fromThread(serviceUrl, from, cardId, team),
    type: 'invoke',
    name: 'adaptiveCard/action',
    value: { action: { type: 'Action.Execute', verb: 'accept', data }, trigger: 'manual' },
  };
}

/** An agent's reply in the thread under the card `cardId`, with the bot @mentioned as Teams does. */
export function threadReply(serviceUrl: string, from: TeamsUser, cardId: string, text: string, team: Team = TEAM): Record<string, unknown> {
  return {
    ...fromThread(serviceUrl, from, cardId, team),
    type: 'message',
    text: `<at>Support Bot</at> ${text}`,
    entities: [{ type: 'mention', text: '<at>Support Bot</at>', mentioned: BOT }],
  };
}

/**
 * A message in a team's channel outside any ticket thread (`cardId` undefined) or a plain reply
 * in a thread, without an @mention: what the bot receives with `ChannelMessage.Read.Group`.
 */
export function plainChannelMessage(
  serviceUrl: string,
  from: TeamsUser,
  text: string,
  o: { cardId?: string; team?: Team; mention?: boolean } = {},
): Record<string, unknown> {
  const mention = o.mention
    ? { text: `<at>Support Bot</at> ${text}`, entities: [{ type: 'mention', text: '<at>Support Bot</at>', mentioned: BOT }] }
    : { text };
  return { ...fromThread(serviceUrl, from, o.cardId, o.team ?? TEAM), type: 'message', ...mention };
}
