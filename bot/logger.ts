import pino, { type Logger } from 'pino';
import { redactText, redactValue } from '../common/redact';

export type { Logger };

/**
 * The process logger: JSON lines on stdout, with emails, phone and card numbers removed
 * from every message and field before they are written.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      formatters: { log: (obj) => redactValue(obj) as Record<string, unknown> },
      hooks: {
        logMethod(args, method) {
          const redacted = args.map((a) => (typeof a === 'string' ? redactText(a) : a));
          return method.apply(this, redacted as Parameters<typeof method>);
        },
      },
    },
    destination,
  );
}
