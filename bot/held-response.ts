import type { ServerResponse } from 'node:http';

/** A response whose bytes wait until {@link HeldResponse.release} is called. */
export interface HeldResponse {
  /** Sends what was held, in order; later writes pass straight through. */
  release(): void;
}

type Held = { readonly method: 'writeHead' | 'write' | 'end'; readonly args: unknown[] };

/**
 * Holds back a response's head and body so that work which must be durable before the client
 * hears the answer (the audit row of an admin call) can run after the handler has chosen its
 * status. With a Content-Length the client has its answer as soon as the body's last byte
 * arrives, so holding `end()` alone is not enough: the head, every chunk and the end are queued
 * and replayed on release. Admin answers are small and bounded, so queueing costs little.
 */
export function holdResponseEnd(res: ServerResponse): HeldResponse {
  const queue: Held[] = [];
  const original = { writeHead: res.writeHead, write: res.write, end: res.end };
  let headQueued = false;
  const hold = (method: Held['method']) =>
    function held(this: ServerResponse, ...args: unknown[]) {
      if (method === 'writeHead') {
        headQueued = true;
        // writeHead sets the status; the audit row reads it before the head is replayed.
        if (typeof args[0] === 'number') this.statusCode = args[0];
      }
      queue.push({ method, args });
      return method === 'write' ? true : this;
    };
  res.writeHead = hold('writeHead') as unknown as ServerResponse['writeHead'];
  res.write = hold('write') as unknown as ServerResponse['write'];
  res.end = hold('end') as unknown as ServerResponse['end'];
  // A handler that checks headersSent (the error handler) must see the head it already sent.
  Object.defineProperty(res, 'headersSent', { configurable: true, get: () => headQueued });
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      Object.assign(res, original);
      delete (res as { headersSent?: boolean }).headersSent;
      for (const { method, args } of queue) (original[method] as (...a: unknown[]) => unknown).apply(res, args);
    },
  };
}
