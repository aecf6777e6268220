import type { Photo, PhotoType } from '../../store/photos';
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

/** A refused photo: 413 (too large) or 415 (not a PNG, JPEG or WebP); the message is what the customer is told. */
export class PhotoRefusedError extends HttpError {
  constructor(status: 413 | 415, message: string) {
    super(status, message);
    this.name = 'PhotoRefusedError';
  }
}

/** What the customer is told about a file over `maxBytes`. */
export function tooLargeMessage(maxBytes: number): string {
  return `That file is too large: I can take photos up to ${megabytes(maxBytes)}. A smaller photo or a screenshot works too.`;
}

/** What the customer is told about a file that is not a PNG, JPEG or WebP image. */
export const NOT_A_PHOTO_MESSAGE = 'I can only take photos in PNG, JPEG or WebP format, and that file is not one of them.';

/** Checks one received file: throws {@link PhotoRefusedError} past `maxBytes` or when its bytes are no PNG, JPEG or WebP. */
export function checkPhoto(bytes: Buffer, maxBytes: number): Photo {
  if (bytes.length > maxBytes) throw new PhotoRefusedError(413, tooLargeMessage(maxBytes));
  const contentType = sniffPhotoType(bytes);
  if (!contentType) throw new PhotoRefusedError(415, NOT_A_PHOTO_MESSAGE);
  return { contentType, bytes };
}

function megabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return mb >= 1 ? `${Number(mb.toFixed(1))} MB` : `${Math.floor(bytes / 1024)} KB`;
}
