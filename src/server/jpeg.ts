// Uploaded photos are decoded and re-encoded on the server with sharp (libvips), not edited
// byte by byte: whatever the phone sent — several APP1 segments, a multi-picture JPEG (MPF)
// with a second image after the first, a progressive scan, XMP, ICC, maker notes — what is
// stored is a fresh baseline JPEG of the first image's pixels with no metadata at all (sharp
// writes none unless asked). The EXIF orientation is applied to the pixels first, so a
// portrait photo stays upright once the tag is gone.
import sharp from 'sharp';

/** Larger photos are shrunk to fit (the phone already sends them smaller). */
const MAX_SIDE = 2048;
/** Tried in turn until the re-encoded photo is no larger than the upload. */
const QUALITIES = [85, 75, 65, 50] as const;
/** A decompression bomb guard: 40 megapixels is far beyond any phone photo we accept. */
const MAX_PIXELS = 40_000_000;

export function isJpeg(b: Buffer): boolean {
  return b.length > 4 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;
}

/**
 * The photo re-encoded without metadata, or null when it is not a complete JPEG (another
 * format under a JPEG label, a truncated or corrupt file).
 */
export async function reencodeJpeg(input: Buffer): Promise<Buffer | null> {
  if (!isJpeg(input)) return null;
  try {
    // failOn 'truncated': a cut-off upload is refused rather than stored half grey.
    const image = sharp(input, { failOn: 'truncated', limitInputPixels: MAX_PIXELS, pages: 1 });
    const meta = await image.metadata();
    if (meta.format !== 'jpeg') return null;
    const pixels = await image
      .rotate()
      .resize({ width: MAX_SIDE, height: MAX_SIDE, fit: 'inside', withoutEnlargement: true })
      .raw()
      .toBuffer({ resolveWithObject: true });
    // The phone already chose a size and quality that fit its budget: re-encoding must not make
    // the photo larger than what was sent (a detailed picture at 85 can grow by a third).
    let out: Buffer | null = null;
    for (const quality of QUALITIES) {
      out = await sharp(pixels.data, { raw: pixels.info }).jpeg({ quality, progressive: false }).toBuffer();
      if (out.length <= input.length) break;
    }
    return out;
  } catch {
    return null;
  }
}
