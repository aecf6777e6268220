import type { Knex } from 'knex';
import type { Request } from 'restify';
import { findDlConversation, type DbDlConversationRow } from '../../store/directline';
import { NotFoundError } from '../../store/errors';
import { HttpError } from '../http-errors';
import type { WidgetGrant, WidgetTokens } from '../webchat/widget-tokens';

/** A request's verified grant and the conversation it may use. */
export interface ConversationAccess {
  grant: WidgetGrant;
  conversation: DbDlConversationRow;
}

/**
 * Checks that the request's bearer token may use conversation `conversationId`:
 * no or bad token → 401, unknown conversation → 404, a token of another user or bound to
 * another conversation → 403.
 */
export async function authorizeConversation(
  req: Request,
  db: Knex,
  tokens: WidgetTokens,
  conversationId: string,
): Promise<ConversationAccess> {
  const grant = await tokens.verifyHeader(req.header('authorization'));
  const conversation = await findDlConversation(db, conversationId);
  if (!conversation) throw new NotFoundError(`conversation ${conversationId} not found`);
  if (conversation.user_id !== grant.userId || (grant.conversationId && grant.conversationId !== conversationId)) {
    throw new HttpError(403, 'this token does not open that conversation');
  }
  return { grant, conversation };
}

/** The `:id` route parameter, checked for shape (an id we could have issued). */
export function conversationIdParam(req: Request): string {
  const id = String(req.params?.id ?? '');
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) throw new NotFoundError('conversation not found');
  return id;
}

/** A watermark query value as a `seq`: digits only, anything else reads from the start. */
export function parseWatermark(value: unknown): number {
  return typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : 0;
}
