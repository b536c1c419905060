// A photo from the phone's camera, made small enough to send (≤ 300 KB JPEG) and free of
// metadata: re-encoding through a canvas keeps only the pixels, so Exif (GPS location, time,
// device) never leaves the phone.
import { t } from '@lingui/core/macro';
export const MAX_PHOTO_BYTES = 300 * 1024;
const MAX_SIDE = 1600;

async function toJpeg(canvas: HTMLCanvasElement, quality: number): Promise<Blob> {
  return new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('encode failed'))), 'image/jpeg', quality),
  );
}

export async function compressImage(file: Blob): Promise<Blob> {
  // from-image applies the Exif orientation before the metadata is dropped.
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  let scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
  try {
    for (let attempt = 0; attempt < 6; attempt++) {
      const canvas = document.createElement('canvas');
      canvas.width = Math.max(1, Math.round(bitmap.width * scale));
      canvas.height = Math.max(1, Math.round(bitmap.height * scale));
      const ctx = canvas.getContext('2d');
      if (!ctx) throw new Error('no canvas');
      ctx.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      for (const quality of [0.8, 0.65, 0.5]) {
        const blob = await toJpeg(canvas, quality);
        if (blob.size <= MAX_PHOTO_BYTES) return blob;
      }
      scale *= 0.7;
    }
  } finally {
    bitmap.close();
  }
  throw new Error(t`写真を小さくできませんでした。別の写真を選んでください。`);
}

export async function blobToBase64(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
