/**
 * botframework-connector prints to `console.error` for every rejected channel token: the
 * public key of the JWKS ("Error finding key for token. Available keys: …") or the whole
 * `TokenExpiredError`. Anyone can send such tokens, so that is a stack per request on
 * stderr; the rejection itself is answered 401 (bot/adapter.ts). This drops exactly those
 * two messages and passes every other `console.error` through.
 */
let installed = false;

/** Installs the filter once per process. */
export function muteRejectedTokenNoise(): void {
  if (installed) return;
  installed = true;
  const print = console.error.bind(console);
  console.error = (...args: unknown[]) => {
    if (!isRejectedTokenNoise(args[0])) print(...args);
  };
}

function isRejectedTokenNoise(first: unknown): boolean {
  if (typeof first === 'string') return first.startsWith('Error finding key for token.');
  return first instanceof Error && first.name === 'TokenExpiredError';
}
