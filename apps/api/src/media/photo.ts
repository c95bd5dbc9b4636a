import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { DomainError } from '../common/errors/domain-error.js';

const FORMATS = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' } as const;
type Format = keyof typeof FORMATS;

export type CleanPhoto = { bytes: Buffer; contentType: (typeof FORMATS)[Format]; extension: Format; width: number; height: number; sha256: string };

/** The photo's format, read from its bytes and checked against its declared type and the pixel limit (see cleanPhoto). */
async function formatOf(input: Buffer, declaredType: string | undefined, maxPixels: number): Promise<Format> {
  let format: string | undefined;
  let pixels = 0;
  try {
    // Reads the headers only: the size is known before any pixel is decoded.
    const metadata = await sharp(input, { limitInputPixels: false }).metadata();
    format = metadata.format;
    pixels = metadata.width * metadata.height;
    if (pixels > maxPixels) {
      const mp = (n: number) => `${(n / 1_000_000).toFixed(1)} megapixels`;
      const message = `is ${metadata.width}×${metadata.height} (${mp(pixels)}); at most ${mp(maxPixels)}`;
      throw new DomainError('too_large', `photo: ${message}`, [{ path: 'photo', message }]);
    }
  } catch (error) {
    if (error instanceof DomainError) throw error;
    format = undefined;
  }
  if (!format || !(format in FORMATS)) {
    const message = 'must be a JPEG, PNG or WebP photo; this file is not one';
    throw new DomainError('unsupported_media', `photo: ${message}`, [{ path: 'photo', message }]);
  }
  const contentType = FORMATS[format as Format];
  const declared = declaredType?.split(';')[0]?.trim().toLowerCase();
  if (declared && declared !== 'application/octet-stream' && declared !== contentType && !(declared === 'image/jpg' && format === 'jpeg')) {
    const message = `says it is ${declared} but it is ${contentType}`;
    throw new DomainError('unsupported_media', `photo: ${message}`, [{ path: 'photo', message }]);
  }
  return format as Format;
}

/**
 * A photo made safe to keep: its type read from its bytes (never trusting the name or the declared type),
 * refused with 415 if it is not a JPEG, PNG or WebP or is not what it claims, with 413 if it has more pixels than
 * MEDIA_MAX_PIXELS (read from its header, before decoding); turned upright, then re-encoded
 * with no metadata at all (EXIF with its GPS position, XMP, IPTC, ICC, comments). The SHA-256 is of the
 * bytes that will be stored.
 */
export async function cleanPhoto(input: Buffer, declaredType: string | undefined, maxPixels: number): Promise<CleanPhoto> {
  const format = await formatOf(input, declaredType, maxPixels);
  const contentType = FORMATS[format];
  // sharp keeps no metadata unless asked (withMetadata/keepExif…); rotate() applies the EXIF orientation first.
  const pipeline = sharp(input, { failOn: 'error', limitInputPixels: maxPixels }).rotate();
  const { data, info } = await (
    format === 'jpeg' ? pipeline.jpeg({ quality: 90, mozjpeg: true }) : format === 'png' ? pipeline.png() : pipeline.webp({ quality: 90 })
  ).toBuffer({
    resolveWithObject: true,
  });
  return {
    bytes: data,
    contentType,
    extension: format,
    width: info.width,
    height: info.height,
    sha256: createHash('sha256').update(data).digest('hex'),
  };
}

/** The longer side of an image sent with an alert: sharp on a phone, a few hundred kilobytes. */
export const BROADCAST_MAX_EDGE = 1600;

/**
 * An image to broadcast with an alert: checked like a photo (see cleanPhoto), turned upright, made to fit
 * BROADCAST_MAX_EDGE, flattened on white and re-encoded as a JPEG — the one format every provider and every
 * notification takes — with no metadata at all.
 */
export async function broadcastImage(input: Buffer, declaredType: string | undefined, maxPixels: number): Promise<Omit<CleanPhoto, 'extension'>> {
  await formatOf(input, declaredType, maxPixels);
  const { data, info } = await sharp(input, { failOn: 'error', limitInputPixels: maxPixels })
    .rotate()
    .resize({ width: BROADCAST_MAX_EDGE, height: BROADCAST_MAX_EDGE, fit: 'inside', withoutEnlargement: true })
    .flatten({ background: '#ffffff' })
    .jpeg({ quality: 82, mozjpeg: true })
    .toBuffer({ resolveWithObject: true });
  return { bytes: data, contentType: 'image/jpeg', width: info.width, height: info.height, sha256: createHash('sha256').update(data).digest('hex') };
}
