import http from 'node:http';

/** A JSON answer: status and parsed body (undefined when empty). */
export interface JsonResponse {
  status: number;
  body: unknown;
}

/**
 * A keep-alive HTTP client for 127.0.0.1, lighter than `fetch`, so the load generator spends
 * as little CPU as possible on its side of the measurement.
 */
export class JsonClient {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

  constructor(private readonly baseUrl: string) {}

  /** Sends one request with an optional JSON body; resolves with the status and parsed body. */
  request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<JsonResponse> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = http.request(
        `${this.baseUrl}${path}`,
        {
          method,
          agent: this.agent,
          headers: {
            ...(payload === undefined ? {} : { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) }),
            ...headers,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const raw = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown = undefined;
            try {
              parsed = raw ? JSON.parse(raw) : undefined;
            } catch {
              parsed = raw;
            }
            resolve({ status: res.statusCode ?? 0, body: parsed });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** Closes the idle keep-alive sockets. */
  close(): void {
    this.agent.destroy();
  }
}
