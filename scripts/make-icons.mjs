// Renders public/icon*.svg to the PNG sizes the manifest and iOS need, with the system
// Chromium. Run by hand after changing an icon: node scripts/make-icons.mjs
import { chromium } from '@playwright/test';
import { readFileSync } from 'node:fs';

const out = [
  // The page's favicon: a PNG, not the SVG. Chromium fetches and decodes the favicon again after
  // every navigation, on the page's main thread, and an SVG is decoded as a document of its own
  // (~20–30 ms on a 4×-throttled phone, right after 保存's frame); a small PNG costs ~nothing.
  ['public/icon.svg', 'public/icon-48.png', 48],
  ['public/icon.svg', 'public/icon-192.png', 192],
  ['public/icon.svg', 'public/icon-512.png', 512],
  ['public/icon-maskable.svg', 'public/icon-maskable-512.png', 512],
  ['public/icon-maskable.svg', 'public/apple-touch-icon.png', 180],
];
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
for (const [src, dest, size] of out) {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  const svg = readFileSync(src, 'utf8').replace('<svg ', `<svg width="${size}" height="${size}" `);
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
  await page.screenshot({ path: dest, omitBackground: true });
  await page.close();
}
await browser.close();
