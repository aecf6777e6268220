import { TeamsInfo, type ConversationReference } from 'botbuilder';
import type { Knex } from 'knex';
import { MINUTE_MS } from '../../common/time';
import { activeAgentChannel } from '../../store/agent-channels';
import { UnavailableError } from '../../store/errors';
import type { ProactiveMessenger } from '../proactive';

/** Who belongs to the agents' team. */
export interface AgentRoster {
  /** True when the Entra user `aadObjectId` is a member of the agents' Teams team. */
  isMember(aadObjectId: string): Promise<boolean>;
}

/** How long a roster answer is reused: members for {@link ConnectorAgentRoster} `memberTtlMs`, others less. */
export interface RosterCacheOptions {
  memberTtlMs?: number;
  nonMemberTtlMs?: number;
  now?: () => number;
}

interface CacheEntry {
  teamId: string;
  expiresAt: number;
  member: Promise<boolean>;
}

/**
 * The agents' team roster as the Bot Connector knows it: `GET /v3/conversations/{teamId}/members/{oid}`
 * (`TeamsInfo.getTeamMember`) in a proactive turn on the active agents' channel. Answers are
 * cached per team: a member for 5 minutes, a non-member for 1 minute (someone just added to
 * the team waits at most that long; someone removed keeps access at most 5 minutes).
 */
export class ConnectorAgentRoster implements AgentRoster {
  private readonly cache = new Map<string, CacheEntry>();
  private readonly memberTtlMs: number;
  private readonly nonMemberTtlMs: number;
  private readonly now: () => number;

  constructor(
    private readonly db: Knex,
    private readonly messenger: ProactiveMessenger,
    options: RosterCacheOptions = {},
  ) {
    this.memberTtlMs = options.memberTtlMs ?? 5 * MINUTE_MS;
    this.nonMemberTtlMs = options.nonMemberTtlMs ?? MINUTE_MS;
    this.now = options.now ?? (() => Date.now());
  }

  async isMember(aadObjectId: string): Promise<boolean> {
    const channel = await activeAgentChannel(this.db);
    if (!channel?.team_id) return false;
    const teamId = channel.team_id;
    const cached = this.cache.get(aadObjectId);
    if (cached && cached.teamId === teamId && cached.expiresAt > this.now()) return cached.member;
    const entry: CacheEntry = { teamId, expiresAt: Number.POSITIVE_INFINITY, member: this.lookUp(channel.reference, teamId, aadObjectId) };
    this.cache.set(aadObjectId, entry);
    try {
      const member = await entry.member;
      entry.expiresAt = this.now() + (member ? this.memberTtlMs : this.nonMemberTtlMs);
      return member;
    } catch (error) {
      if (this.cache.get(aadObjectId) === entry) this.cache.delete(aadObjectId);
      throw error;
    }
  }

  private async lookUp(reference: string, teamId: string, aadObjectId: string): Promise<boolean> {
    let member = false;
    try {
      await this.messenger.continue(JSON.parse(reference) as Partial<ConversationReference>, async (context) => {
        member = (await TeamsInfo.getTeamMember(context, teamId, aadObjectId)).aadObjectId === aadObjectId;
      });
    } catch (error) {
      if (statusOf(error) === 404) return false;
      throw new UnavailableError("The agents' team roster could not be checked; try again shortly");
    }
    return member;
  }
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}
