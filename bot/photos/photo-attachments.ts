import { z } from 'zod';
import type { Photo } from '../../store/photos';
import { HttpError } from '../http-errors';
import { checkPhoto, PhotoRefusedError } from './photo-check';

/** Most photos one message may carry. */
export const MAX_PHOTOS_PER_MESSAGE = 10;

/**
 * An attachment of an incoming activity as far as this bot reads it. Cards and Teams' `text/html`
 * copy of a message carry no `contentUrl` and are ignored; a photo comes as a `data:` URI.
 */
export const attachmentSchema = z.looseObject({
  contentType: z.string().max(255).optional(),
  contentUrl: z.string().optional(),
  name: z.string().max(255).optional(),
});

/** The attachments of an incoming activity (at most ten). */
export const attachmentsSchema = z.array(attachmentSchema).max(MAX_PHOTOS_PER_MESSAGE);
/** Built once: a zod schema is costly to construct, and every customer turn reads its attachments. */
const optionalAttachments = attachmentsSchema.optional();

const DATA_URI = /^data:([a-z0-9.+/-]*)((?:;[a-z0-9=.+-]*)*),/i;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** What an activity's attachments hold for the bot. */
export interface AttachedPhotos {
  /** Photos sent inline, checked from their bytes. */
  photos: Photo[];
  /**
   * Attachments that are only a link (a picture pasted in Teams, a file on a channel's
   * storage): never fetched, and the customer is told so.
   */
  links: number;
}

/**
 * The photos of an activity's attachments, each sent inline as a `data:<type>;base64,…` URI and
 * checked from its bytes ({@link checkPhoto}): a broken `data:` URI gets a 400 before anything
 * is stored. The bot never fetches a URL a client names: any other `contentUrl` (http, https,
 * file …) only counts in `links`, and the message around it is still answered.
 */
export function attachedPhotos(attachments: unknown, maxBytes: number = Number.POSITIVE_INFINITY): AttachedPhotos {
  const parsed = optionalAttachments.parse(attachments) ?? [];
  const found: AttachedPhotos = { photos: [], links: 0 };
  parsed.forEach((attachment, index) => {
    const url = attachment.contentUrl;
    if (url === undefined) return;
    const field = `attachments.${index}.contentUrl`;
    const header = DATA_URI.exec(url);
    if (!header) {
      found.links++;
      return;
    }
    if (!header[2].toLowerCase().split(';').includes('base64')) throw new HttpError(400, `${field}: a data: URI must be base64-encoded`);
    const encoded = url.slice(header[0].length);
    // Four base64 characters carry three bytes: refuse before decoding what cannot fit.
    if (Math.floor((encoded.length * 3) / 4) - 2 > maxBytes) throw new PhotoRefusedError({ status: 413, maxBytes });
    if (!BASE64.test(encoded) || encoded.length % 4 !== 0) throw new HttpError(400, `${field}: the data: URI is not valid base64`);
    found.photos.push(checkPhoto(Buffer.from(encoded, 'base64'), maxBytes));
  });
  return found;
}

/** A photo as a `data:` URI (how the widget's uploads travel in the activity the turn runs on). */
export function photoDataUri(photo: Photo): string {
  return `data:${photo.contentType};base64,${photo.bytes.toString('base64')}`;
}
