import type { Attachment } from 'botbuilder';
import type { Knex } from 'knex';
import type { Request, Server } from 'restify';
import { z } from 'zod';
import { appendDlActivity } from '../../store/directline';
import type { Photo } from '../../store/photos';
import { handle, HttpError } from '../http-errors';
import type { Logger } from '../logger';
import { messagesFor } from '../../dialogs/messages';
import { latestConversationLanguage } from '../../store/conversations';
import { checkPhoto, PhotoRefusedError, refusalText, type PhotoRefusal } from '../photos/photo-check';
import { MAX_PHOTOS_PER_MESSAGE, photoDataUri } from '../photos/photo-attachments';
import type { FixedWindowLimiter } from '../webchat/rate-limit';
import type { WidgetTokens } from '../webchat/widget-tokens';
import { clientActivitySchema, type ClientActivity } from './client-activity-schema';
import { authorizeConversation, conversationIdParam, type ConversationAccess } from './conversation-access';
import { newActivityId, DIRECTLINE_CHANNEL_ID, DIRECTLINE_SERVICE_URL, type BotAccount } from './directline-adapter';

/** The upload route's path; its body skips the server's generic parsing (see bot/server.ts). */
export const UPLOAD_PATH = /^\/v3\/directline\/conversations\/[^/]+\/upload$/;

// Room for the multipart boundaries, part headers and the activity part beside the photos.
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;
// An over-long body is read to its end (so the client gets the 413), up to this many times the limit.
const DRAIN_FACTOR = 8;

/** The activity part of an upload: the message typed with the photos (Web Chat sends attachment names and types, no bytes). */
const uploadActivitySchema = clientActivitySchema.extend({
  type: z.literal('message'),
  attachments: z
    .array(z.looseObject({ contentType: z.string().max(255).optional(), name: z.string().max(255).optional() }))
    .max(MAX_PHOTOS_PER_MESSAGE)
    .optional(),
});

/** Dependencies of {@link registerUploadRoute}. */
export interface UploadRouteDeps {
  db: Knex;
  tokens: WidgetTokens;
  limiter: FixedWindowLimiter;
  logger: Logger;
  bot: BotAccount;
  /** `MAX_UPLOAD_BYTES`. */
  maxUploadBytes: number;
  /** Stores the message in the conversation's log and runs its turn (shared with the activities route); resolves with its id. */
  deliver(req: Request, access: ConversationAccess, posted: ClientActivity, attachments: Attachment[]): Promise<string>;
}

/**
 * `POST /v3/directline/conversations/:id/upload`: the widget's upload button (Direct Line sends a
 * multipart body: an `activity` part and one `file` part per file). PNG, JPEG and WebP photos up
 * to `MAX_UPLOAD_BYTES` go to the turn as `data:` URI attachments, like photos on
 * `/api/messages`; their type is read from the bytes, never from the declared type or the name.
 * A larger body gets 413, any other file 415, and the bot says why in the chat.
 */
export function registerUploadRoute(server: Server, deps: UploadRouteDeps): void {
  const bodyLimit = deps.maxUploadBytes + MULTIPART_OVERHEAD_BYTES;
  server.post(
    '/v3/directline/conversations/:id/upload',
    handle(deps.logger, async (req, res) => {
      await deps.limiter.check(req);
      const access = await authorizeConversation(req, deps.db, deps.tokens, conversationIdParam(req));
      let upload: { posted: ClientActivity; photos: Photo[] };
      try {
        upload = await readUpload(req, bodyLimit, deps.maxUploadBytes);
      } catch (error) {
        if (error instanceof PhotoRefusedError) await tellWhy(deps, access.conversation.id, error.refusal);
        throw error;
      }
      const attachments = upload.photos.map((photo, i) => ({
        contentType: photo.contentType,
        contentUrl: photoDataUri(photo),
        name: `photo-${i + 1}.${photo.contentType.slice('image/'.length)}`,
      }));
      res.send(200, { id: await deps.deliver(req, access, upload.posted, attachments) });
    }),
  );
}

/** Reads and checks an upload's multipart body: the activity part and the photos. */
async function readUpload(req: Request, bodyLimit: number, maxUploadBytes: number): Promise<{ posted: ClientActivity; photos: Photo[] }> {
  const contentType = req.header('content-type') ?? '';
  if (!/^multipart\/form-data;/i.test(contentType)) {
    req.resume();
    throw new HttpError(415, 'Upload photos as multipart/form-data');
  }
  const body = await readLimited(req, bodyLimit);
  if (!body) throw new PhotoRefusedError({ status: 413, maxBytes: maxUploadBytes });
  let form: FormData;
  try {
    form = await new Response(body, { headers: { 'Content-Type': contentType } }).formData();
  } catch {
    throw new HttpError(400, 'body: not a valid multipart/form-data body');
  }
  const files = form.getAll('file').filter((f): f is File => typeof f !== 'string');
  if (files.length === 0) throw new HttpError(400, 'file: no file in the upload');
  if (files.length > MAX_PHOTOS_PER_MESSAGE) throw new HttpError(400, `file: at most ${MAX_PHOTOS_PER_MESSAGE} files per message`);
  const photos: Photo[] = [];
  for (const file of files) photos.push(checkPhoto(Buffer.from(await file.arrayBuffer()), maxUploadBytes));
  const part = form.get('activity');
  const json = part === null ? '{"type":"message"}' : typeof part === 'string' ? part : await part.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new HttpError(400, 'activity: not valid JSON');
  }
  const { attachments: _described, ...posted } = uploadActivitySchema.parse(parsed);
  return { posted, photos };
}

/**
 * The request body, or undefined when it is longer than `limit` (then read to its end without
 * keeping it, so the client receives the 413; a body far past the limit is cut off).
 */
function readLimited(req: Request, limit: number): Promise<Buffer<ArrayBuffer> | undefined> {
  const declared = Number(req.header('content-length'));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = Number.isFinite(declared) && declared > limit;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) over = true;
      if (!over) chunks.push(chunk);
      else if (size > limit * DRAIN_FACTOR) req.destroy();
    });
    req.on('end', () => resolve(over ? undefined : Buffer.concat(chunks)));
    req.on('close', () => resolve(over ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * Tells the customer in the chat, in the conversation's language, why their file was refused
 * (the widget shows only that the send failed).
 */
async function tellWhy(deps: UploadRouteDeps, conversationId: string, refusal: PhotoRefusal): Promise<void> {
  const id = newActivityId();
  const now = Date.now();
  const language = await latestConversationLanguage(deps.db, DIRECTLINE_CHANNEL_ID, conversationId);
  const text = refusalText(refusal, messagesFor(language));
  const activity = {
    type: 'message',
    id,
    channelId: DIRECTLINE_CHANNEL_ID,
    serviceUrl: DIRECTLINE_SERVICE_URL,
    conversation: { id: conversationId },
    from: { ...deps.bot, role: 'bot' },
    text,
    speak: text,
    inputHint: 'acceptingInput',
    timestamp: new Date(now).toISOString(),
  };
  await appendDlActivity(deps.db, { conversationId, activityId: id, activity, now }).catch((error: unknown) =>
    deps.logger.warn({ err: error }, 'directline: could not tell the customer why an upload was refused'),
  );
}
