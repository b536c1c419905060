// The JS the first screen downloads: the entry script of index.html plus every chunk it
// pulls in before running (modulepreload links and static imports, followed transitively),
// each gzip-compressed. Dynamic import() chunks are not counted. Shared by `npm run bench`
// and tests/unit/bundle-size.test.ts. KB = 1000 bytes, as Vite prints sizes; gzip at zlib's
// default level.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, posix, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

/** HTML attributes of one tag, lower-cased names. */
function attributes(tag) {
  const out = {};
  for (const m of tag.matchAll(/([\w:-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)) {
    out[m[1].toLowerCase()] = m[2] ?? m[3] ?? m[4] ?? '';
  }
  return out;
}

/** Module scripts and modulepreload links of an HTML page, as written. */
export function htmlEntries(html) {
  const scripts = [];
  const preloads = [];
  for (const m of html.matchAll(/<script\b([^>]*)>/gi)) {
    const a = attributes(m[1]);
    if (a.type === 'module' && a.src) scripts.push(a.src);
  }
  for (const m of html.matchAll(/<link\b([^>]*)>/gi)) {
    const a = attributes(m[1]);
    if ((a.rel ?? '').split(/\s+/).includes('modulepreload') && a.href) preloads.push(a.href);
  }
  return { scripts, preloads };
}

/** Relative or root-relative specifiers a built chunk imports statically (not import()). */
export function staticImports(code) {
  const specs = new Set();
  const isLocal = (s) => /^(\.{1,2}\/|\/)/.test(s) && /\.m?js(\?.*)?$/.test(s);
  // `import{a}from"./x.js"`, `export*from"./x.js"`, `import"./x.js"`; `import("./x.js")` has a
  // parenthesis and is left out on purpose.
  for (const m of code.matchAll(/\bfrom\s*["']([^"']+)["']/g)) if (isLocal(m[1])) specs.add(m[1]);
  for (const m of code.matchAll(/\bimport\s*["']([^"']+)["']/g)) if (isLocal(m[1])) specs.add(m[1]);
  return [...specs];
}

function gzipBytes(buf) {
  return gzipSync(buf).length;
}

/**
 * Initial JS of a built app (a Vite outDir holding index.html).
 * @param {string} distDir
 */
export function initialJs(distDir) {
  const root = resolve(distDir);
  const htmlPath = join(root, 'index.html');
  if (!existsSync(htmlPath)) throw new Error(`${htmlPath} is missing: run \`npm run build\` first`);
  const { scripts, preloads } = htmlEntries(readFileSync(htmlPath, 'utf8'));
  if (scripts.length === 0) throw new Error(`${htmlPath} has no <script type="module" src>`);

  const fromHtml = (url) => join(root, url.replace(/^\//, '').replace(/[?#].*$/, ''));
  const seen = new Map();
  const queue = [...scripts, ...preloads].map(fromHtml);
  while (queue.length > 0) {
    const file = queue.shift();
    if (seen.has(file)) continue;
    if (!existsSync(file)) throw new Error(`${relative(root, file)} is referenced but missing`);
    const buf = readFileSync(file);
    // What the server sends a browser that accepts brotli: the build's `.br` beside the file, if any.
    const sentBytes = existsSync(`${file}.br`) ? statSync(`${file}.br`).size : gzipBytes(buf);
    seen.set(file, { file: relative(root, file).split('\\').join('/'), bytes: buf.length, gzipBytes: gzipBytes(buf), sentBytes });
    for (const spec of staticImports(buf.toString('utf8'))) {
      const clean = spec.replace(/[?#].*$/, '');
      queue.push(clean.startsWith('/') ? fromHtml(clean) : join(dirname(file), clean));
    }
  }
  const files = [...seen.values()];
  const totalBytes = files.reduce((s, f) => s + f.bytes, 0);
  const totalGzipBytes = files.reduce((s, f) => s + f.gzipBytes, 0);
  const totalSentBytes = files.reduce((s, f) => s + f.sentBytes, 0);
  return {
    entry: posix.normalize(scripts[0] ?? ''),
    files,
    totalBytes,
    totalGzipBytes,
    totalGzipKB: Math.round(totalGzipBytes / 100) / 10,
    /** Brotli where the build precompressed a file (vite.config.ts), gzip otherwise. */
    totalSentKB: Math.round(totalSentBytes / 100) / 10,
  };
}

/** The service worker the build writes (vite-plugin-pwa, filename sw.ts → sw.js). */
export function serviceWorkerFile(distDir) {
  return join(resolve(distDir), 'sw.js');
}
