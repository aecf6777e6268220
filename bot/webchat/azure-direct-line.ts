import { z } from 'zod';
import { HttpError } from '../http-errors';

/** Azure Bot Service's Direct Line origin (injectable so tests can stand a local fake in). */
export const AZURE_DIRECT_LINE_ORIGIN = 'https://directline.botframework.com';

const generatedTokenSchema = z.object({
  conversationId: z.string().min(1),
  token: z.string().min(1),
  expires_in: z.number().int().positive(),
});

/** A token Azure generated for one user and conversation. */
export type AzureDirectLineToken = z.infer<typeof generatedTokenSchema>;

/**
 * Exchanges the Direct Line secret for a user-bound token, server-side, so the secret never
 * reaches the browser (`POST /v3/directline/tokens/generate`).
 */
export class AzureDirectLine {
  constructor(
    private readonly secret: string,
    /** Origin of the Direct Line service, e.g. {@link AZURE_DIRECT_LINE_ORIGIN}. */
    readonly origin: string = AZURE_DIRECT_LINE_ORIGIN,
    private readonly timeoutMs = 10_000,
  ) {}

  /** The Direct Line base URL the widget talks to. */
  get domain(): string {
    return `${this.origin.replace(/\/$/, '')}/v3/directline`;
  }

  /** Generates a token for `userId`; an unreachable or failing service is a 502. */
  async generateToken(userId: string): Promise<AzureDirectLineToken> {
    let response: Response;
    try {
      response = await fetch(`${this.domain}/tokens/generate`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${this.secret}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ user: { id: userId } }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new HttpError(502, `Direct Line service unreachable: ${(error as Error).message}`);
    }
    if (!response.ok) throw new HttpError(502, `Direct Line service answered ${response.status}`);
    const parsed = generatedTokenSchema.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success) throw new HttpError(502, 'Direct Line service sent an unexpected token response');
    return parsed.data;
  }
}
