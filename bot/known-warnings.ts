/**
 * Drops one known, harmless warning: restify 11 loads spdy, whose http-deceiver reads
 * `process.binding('http_parser')` when required (DEP0111). The bot never serves HTTP/2
 * through spdy, and a deprecation warning on every start reads like a fault to operators.
 * Every other warning is still printed. Import this before anything that loads restify.
 */
const emitWarning = process.emitWarning.bind(process);

process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
  const code = typeof rest[0] === 'object' && rest[0] !== null ? (rest[0] as { code?: string }).code : rest[1];
  if (code === 'DEP0111' && String(warning).includes("process.binding('http_parser')")) return;
  (emitWarning as (...args: unknown[]) => void)(warning, ...rest);
}) as typeof process.emitWarning;
