/** `Bearer <token>`: the scheme in any case, one or more spaces, a token without whitespace (RFC 6750). */
const BEARER = /^Bearer +(\S+)$/i;

/** The token of an `Authorization: Bearer <token>` header; undefined when absent or of another form. */
export function bearerToken(header: string | undefined): string | undefined {
  return BEARER.exec(header ?? '')?.[1];
}
