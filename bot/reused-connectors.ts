import {
  AuthenticationConstants,
  type ClaimsIdentity,
  ConnectorFactory,
  type ConnectorClient,
  type UserTokenClient,
} from 'botframework-connector';
import { sendPlainActivityBodies } from './plain-activity-bodies';

/** At most this many clients are kept; the least recently used goes first. */
const MAX_CLIENTS = 64;

/**
 * Connector and user token clients kept for reuse across turns. botbuilder's CloudAdapter
 * builds a new `ConnectorClient` (its HTTP pipeline and serializers) and `UserTokenClient` for
 * every turn; neither holds per-turn state (their credentials cache and renew their own
 * token), so one per bot app id (and service URL and audience) serves every turn. Bounded, as
 * without credentials any client may name any service URL.
 */
export class ReusedConnectors {
  private readonly connectors = new KeptPromises<ConnectorClient>();
  private readonly userTokens = new KeptPromises<UserTokenClient>();

  /** A factory that hands out the kept clients of `factory`, built for `claims`. */
  factoryFor(factory: ConnectorFactory, claims: ClaimsIdentity): ConnectorFactory {
    return new KeptClientFactory(factory, appIdOf(claims), this.connectors);
  }

  /** The kept user token client of the bot app id in `claims`, made by `create` the first time. */
  userTokenClientFor(claims: ClaimsIdentity, create: () => Promise<UserTokenClient>): Promise<UserTokenClient> {
    return this.userTokens.get(appIdOf(claims), create);
  }
}

/** The claim the stock factories take the bot's app id from: the audience, else the app id (the Emulator's). */
function appIdOf(claims: ClaimsIdentity): string {
  return claims.getClaimValue(AuthenticationConstants.AudienceClaim) ?? claims.getClaimValue(AuthenticationConstants.AppIdClaim) ?? '';
}

/**
 * Promises kept by key, at most {@link MAX_CLIENTS}, the least recently used going first (a
 * client cycling made-up service URLs cannot push out the ones in use); a rejected one is
 * forgotten, so the next call tries again.
 */
class KeptPromises<T> {
  private readonly kept = new Map<string, Promise<T>>();

  get(key: string, create: () => Promise<T>): Promise<T> {
    const kept = this.kept.get(key);
    if (kept) {
      // Map order is insertion order: taken out and put back, it is the most recently used.
      this.kept.delete(key);
      this.kept.set(key, kept);
      return kept;
    }
    const created = create();
    this.kept.set(key, created);
    created.catch(() => this.kept.get(key) === created && this.kept.delete(key));
    if (this.kept.size > MAX_CLIENTS) this.kept.delete(this.kept.keys().next().value as string);
    return created;
  }
}

class KeptClientFactory extends ConnectorFactory {
  constructor(
    private readonly factory: ConnectorFactory,
    private readonly appId: string,
    private readonly clients: KeptPromises<ConnectorClient>,
  ) {
    super();
  }

  create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    return this.clients.get(JSON.stringify([this.appId, serviceUrl, audience ?? null]), async () =>
      sendPlainActivityBodies(await this.factory.create(serviceUrl, audience)),
    );
  }
}
