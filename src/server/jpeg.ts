// JPEG checks for uploaded photos: is it a JPEG, and the same bytes without the APP1 (Exif,
// XMP: camera, time and GPS location) segments. The phone strips them already by re-encoding;
// the server does it again so that no location ever lands in the database.

export function isJpeg(b: Buffer): boolean {
  return b.length > 4 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;
}

/** The JPEG without APP1 segments; null when the segment structure is broken. */
export function stripJpegMetadata(b: Buffer): Buffer | null {
  if (!isJpeg(b)) return null;
  const parts: Buffer[] = [b.subarray(0, 2)];
  let i = 2;
  while (i + 4 <= b.length) {
    if (b[i] !== 0xff) return null;
    const marker = b[i + 1] ?? 0;
    if (marker === 0xda) {
      // Start of scan: the rest is image data up to the end marker.
      parts.push(b.subarray(i));
      return Buffer.concat(parts);
    }
    const length = ((b[i + 2] ?? 0) << 8) | (b[i + 3] ?? 0);
    if (length < 2 || i + 2 + length > b.length) return null;
    if (marker !== 0xe1) parts.push(b.subarray(i, i + 2 + length));
    i += 2 + length;
  }
  return null;
}
