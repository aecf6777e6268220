import { TeamsInfo, type TurnContext } from 'botbuilder';
import type { VerifiedCustomer } from '../../dialogs/ports';
import type { Logger } from '../logger';
import type { ShopIdentity } from '../webchat/shop-identity';

/**
 * `turnState` key under which the built-in Direct Line endpoint hands a widget turn what it
 * knows of the client: never part of the activity, so nothing a client posts (on
 * `/api/messages` neither) can claim it.
 */
export const WIDGET_CLIENT = Symbol('widgetClient');

/** What the Direct Line endpoint knows of the widget client of a turn. */
export interface WidgetClient {
  /** The socket's peer address. */
  ip: string;
  /** The customer the shop's page signed, when the token carries one that has not expired. */
  identity?: ShopIdentity;
}

/** The widget client of a turn of the built-in Direct Line endpoint, else undefined. */
export function widgetClientOf(context: TurnContext): WidgetClient | undefined {
  return context.turnState.get(WIDGET_CLIENT) as WidgetClient | undefined;
}

/**
 * Who the channel vouches the customer of a turn is, asked on first need and at most once:
 * the shop's signed identity on the widget; in Teams the user's Entra object id and email,
 * read from Teams (a failed read counts as unverified: the customer can still give the
 * email on the order).
 */
export function verifiedCustomerOf(context: TurnContext, logger: Logger): () => Promise<VerifiedCustomer | undefined> {
  let result: Promise<VerifiedCustomer | undefined> | undefined;
  return () => {
    result ??= lookUp(context, logger);
    return result;
  };
}

async function lookUp(context: TurnContext, logger: Logger): Promise<VerifiedCustomer | undefined> {
  const identity = widgetClientOf(context)?.identity;
  if (identity) return { source: 'shop', userId: identity.userId, email: identity.email };
  if (context.activity.channelId !== 'msteams') return undefined;
  try {
    const member = await TeamsInfo.getMember(context, context.activity.from.id);
    const userId = member.aadObjectId ?? context.activity.from.aadObjectId ?? member.id;
    const email = member.email ?? member.userPrincipalName;
    return { source: 'teams', userId, ...(email ? { email } : {}) };
  } catch (error) {
    logger.warn({ err: error }, 'could not read the Teams user; treated as unverified');
    return undefined;
  }
}
