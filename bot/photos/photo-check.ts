import type { Photo, PhotoType } from '../../store/photos';
import { REFERENCE_LANGUAGE } from '../../common/languages';
import { messagesFor, type Messages } from '../../dialogs/messages';
import { HttpError } from '../http-errors';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff]);

/**
 * The image type of `bytes` read from their first bytes (the signature every PNG, JPEG and WebP
 * file starts with), or undefined for anything else: the name and the declared type of a file
 * say nothing, an executable renamed `photo.png` is refused here.
 */
export function sniffPhotoType(bytes: Uint8Array): PhotoType | undefined {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // A PNG's first chunk is its header (IHDR), right after the signature and the chunk length.
  if (b.length >= 16 && b.subarray(0, 8).equals(PNG) && b.toString('latin1', 12, 16) === 'IHDR') return 'image/png';
  if (b.length >= 4 && b.subarray(0, 3).equals(JPEG)) return 'image/jpeg';
  if (b.length >= 16 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  return undefined;
}

/** Why a photo was refused: over `maxBytes` (413), or not a PNG, JPEG or WebP image (415). */
export type PhotoRefusal = { status: 413; maxBytes: number } | { status: 415 };

/** What the customer is told about a refused photo. */
export function refusalText(refusal: PhotoRefusal, messages: Messages): string {
  return refusal.status === 413
    ? messages.text('photos.tooLarge', { size: megabytes(refusal.maxBytes) })
    : messages.text('photos.notAPhoto');
}

/** A refused photo; the HTTP message is the English {@link refusalText}, the chat says it in the customer's language. */
export class PhotoRefusedError extends HttpError {
  constructor(readonly refusal: PhotoRefusal) {
    super(refusal.status, refusalText(refusal, messagesFor(REFERENCE_LANGUAGE)));
    this.name = 'PhotoRefusedError';
  }
}

/** Checks one received file: throws {@link PhotoRefusedError} past `maxBytes` or when its bytes are no PNG, JPEG or WebP. */
export function checkPhoto(bytes: Buffer, maxBytes: number): Photo {
  if (bytes.length > maxBytes) throw new PhotoRefusedError({ status: 413, maxBytes });
  const contentType = sniffPhotoType(bytes);
  if (!contentType) throw new PhotoRefusedError({ status: 415 });
  return { contentType, bytes };
}

function megabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return mb >= 1 ? `${Number(mb.toFixed(1))} MB` : `${Math.floor(bytes / 1024)} KB`;
}
