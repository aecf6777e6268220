import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A mail the sink accepted. */
export interface SunkMail {
  from: string;
  to: string[];
  raw: string;
}

/** A local SMTP server on 127.0.0.1 that keeps what it accepts (the tests' mail system). */
export interface SmtpSink {
  url: string;
  mails: SunkMail[];
  /** Mails refused so far (see `refuse`). */
  refused: number;
  /** Refuses the next `n` mails with a temporary error (451), as a busy server does. */
  refuse(n: number): void;
  stop(): Promise<void>;
}

/** Starts an SMTP sink on an ephemeral port of 127.0.0.1 (plain SMTP, no authentication). */
export async function startSmtpSink(): Promise<SmtpSink> {
  let toRefuse = 0;
  const sink: Omit<SmtpSink, 'url' | 'stop'> & { refuse(n: number): void } = {
    mails: [],
    refused: 0,
    refuse: (n) => {
      toRefuse = n;
    },
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (toRefuse > 0) {
          toRefuse--;
          sink.refused++;
          const error = Object.assign(new Error('Try again later'), { responseCode: 451 });
          callback(error);
          return;
        }
        sink.mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return Object.assign(sink, {
    url: `smtp://127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
