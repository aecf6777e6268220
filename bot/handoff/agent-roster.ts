import { TeamsInfo, type ConversationReference, type TurnContext } from 'botbuilder';
import type { Knex } from 'knex';
import { MINUTE_MS, SECOND_MS } from '../../common/time';
import { activeAgentChannel } from '../../store/agent-channels';
import { UnavailableError } from '../../store/errors';
import type { ProactiveMessenger } from '../proactive';

/** How long a confirmed member is trusted without asking Teams again. */
export const MEMBER_TTL_MS = 5 * MINUTE_MS;
/** How long a refusal is remembered: short, so an agent just added to the team gets in soon. */
export const NON_MEMBER_TTL_MS = 30 * SECOND_MS;
/** Past this many entries the expired ones are dropped, so the cache cannot grow without bound. */
const PRUNE_ABOVE = 1000;

/**
 * Whether a Teams user is a member of a team, asked of the Bot Connector's roster
 * (`GET /v3/conversations/{teamId}/members/{userId}`) and cached with an expiry. Both the
 * agents' channel (within a Teams turn) and the agent tab's SSO sign-in (through
 * {@link AgentsTeamRoster}) ask it, so they share one cache.
 */
export class TeamRoster {
  private readonly cache = new Map<string, { member: boolean; until: number }>();

  constructor(private readonly now: () => number = () => Date.now()) {}

  /**
   * True when `userId` (a Teams user id or an AAD object id) is on the roster of `teamId`.
   * The turn's context supplies the connector client; a connector failure other than "not a
   * member" propagates, so the channel retries rather than an agent being refused wrongly.
   */
  async isMember(context: TurnContext, teamId: string, userId: string): Promise<boolean> {
    const key = `${teamId}\n${userId}`;
    const now = this.now();
    const cached = this.cache.get(key);
    if (cached && cached.until > now) return cached.member;
    const member = await lookUp(context, teamId, userId);
    this.remember(key, member, now);
    return member;
  }

  private remember(key: string, member: boolean, now: number): void {
    if (this.cache.size >= PRUNE_ABOVE) {
      for (const [k, v] of this.cache) if (v.until <= now) this.cache.delete(k);
    }
    this.cache.set(key, { member, until: now + (member ? MEMBER_TTL_MS : NON_MEMBER_TTL_MS) });
  }
}

/** Who belongs to the agents' team, for callers outside a Teams turn (the agent tab). */
export interface AgentRoster {
  /** True when the Entra user `aadObjectId` is a member of the agents' Teams team. */
  isMember(aadObjectId: string): Promise<boolean>;
}

/**
 * The agents' team roster asked through a proactive turn on the active agents' channel; a
 * connector outage is a 503 (nothing cached), never a refusal.
 */
export class AgentsTeamRoster implements AgentRoster {
  constructor(
    private readonly db: Knex,
    private readonly messenger: ProactiveMessenger,
    private readonly roster: TeamRoster,
  ) {}

  async isMember(aadObjectId: string): Promise<boolean> {
    const channel = await activeAgentChannel(this.db);
    if (!channel?.team_id) return false;
    const teamId = channel.team_id;
    let member = false;
    try {
      await this.messenger.continue(JSON.parse(channel.reference) as Partial<ConversationReference>, async (context) => {
        member = await this.roster.isMember(context, teamId, aadObjectId);
      });
    } catch {
      throw new UnavailableError("The agents' team roster could not be checked; try again shortly");
    }
    return member;
  }
}

async function lookUp(context: TurnContext, teamId: string, userId: string): Promise<boolean> {
  try {
    await TeamsInfo.getTeamMember(context, teamId, userId);
    return true;
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return false;
    throw error;
  }
}
