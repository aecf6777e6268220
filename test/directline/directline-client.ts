/** A minimal Direct Line v3 client over real HTTP, as Web Chat calls the endpoint. */

/** A started widget session: the user's token and the conversation. */
export interface Session {
  userId: string;
  conversationId: string;
  /** The conversation-bound token from `POST /conversations`. */
  token: string;
  /** The `Set-Cookie` value the token route sent (the visitor cookie). */
  cookie: string;
}

/** Activity list answer of a poll. */
export interface ActivitySet {
  // Free-form JSON activities as the server sent them; tests read whatever fields they check.
  activities: any[];
  watermark: string;
}

/** `Authorization` + JSON headers for `token`. */
export function bearer(token: string): Record<string, string> {
  return { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
}

/** `POST /webchat/token`, optionally with a `Cookie` header and a JSON body (the widget's stored `visitor` token). */
export async function fetchWidgetToken(
  baseUrl: string,
  cookie?: string,
  body?: unknown,
): Promise<{ status: number; body: any; setCookie: string }> {
  const headers: Record<string, string> = {
    ...(cookie ? { Cookie: cookie } : {}),
    ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
  };
  const res = await fetch(`${baseUrl}/webchat/token`, {
    method: 'POST',
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: await res.json(), setCookie: res.headers.get('set-cookie') ?? '' };
}

/** Gets a widget token and starts a conversation with it, like the widget page does. */
export async function startSession(baseUrl: string): Promise<Session> {
  const token = await fetchWidgetToken(baseUrl);
  if (token.status !== 200) throw new Error(`token: HTTP ${token.status}`);
  const res = await fetch(`${baseUrl}/v3/directline/conversations`, { method: 'POST', headers: bearer(token.body.token) });
  if (res.status !== 201) throw new Error(`start conversation: HTTP ${res.status}`);
  const body = await res.json();
  return {
    userId: token.body.userId,
    conversationId: body.conversationId,
    token: body.token,
    cookie: token.setCookie.split(';')[0],
  };
}

/** `GET …/activities?watermark=` */
export async function poll(baseUrl: string, s: Pick<Session, 'conversationId' | 'token'>, watermark = ''): Promise<ActivitySet> {
  const res = await fetch(
    `${baseUrl}/v3/directline/conversations/${s.conversationId}/activities?watermark=${encodeURIComponent(watermark)}`,
    { headers: bearer(s.token) },
  );
  if (res.status !== 200) throw new Error(`poll: HTTP ${res.status}`);
  return res.json();
}

/** `POST …/activities` with a raw body; returns the response. */
export async function post(baseUrl: string, s: Pick<Session, 'conversationId' | 'token'>, body: unknown): Promise<Response> {
  return fetch(`${baseUrl}/v3/directline/conversations/${s.conversationId}/activities`, {
    method: 'POST',
    headers: bearer(s.token),
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** A user message as Web Chat posts it. */
export function userMessage(text: string, clientActivityID: string, fromId = 'browser-chosen-id'): object {
  return {
    type: 'message',
    text,
    textFormat: 'plain',
    locale: 'en-GB',
    from: { id: fromId, role: 'user' },
    channelData: { clientActivityID },
  };
}
