// Bundle: the initial JS of dist/client, and of a bare React 19 app built by the same Vite
// (the reference: what "React and nothing else" costs with this toolchain).
import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { initialJs } from './bundle-size.mjs';
import { ROOT, tempDir } from './util.mjs';

const BASELINE_HTML = `<!doctype html>
<html lang="ja">
  <head><meta charset="UTF-8" /><title>baseline</title></head>
  <body><div id="root"></div><script type="module" src="/main.jsx"></script></body>
</html>
`;

const BASELINE_MAIN = `import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

createRoot(document.getElementById('root')).render(
  <StrictMode>
    <h1>Hello</h1>
  </StrictMode>,
);
`;

/** Builds the bare React app in a temporary directory with this repo's Vite and node_modules. */
export async function baselineReact() {
  const { build } = await import('vite');
  const { default: react } = await import('@vitejs/plugin-react');
  const tmp = tempDir('kizuki-bench-react-');
  try {
    writeFileSync(join(tmp.dir, 'index.html'), BASELINE_HTML);
    writeFileSync(join(tmp.dir, 'main.jsx'), BASELINE_MAIN);
    // Bare imports resolve through this repo's node_modules.
    symlinkSync(join(ROOT, 'node_modules'), join(tmp.dir, 'node_modules'), 'dir');
    await build({
      root: tmp.dir,
      configFile: false,
      envFile: false,
      logLevel: 'silent',
      mode: 'production',
      plugins: [react()],
      build: { outDir: join(tmp.dir, 'dist'), emptyOutDir: true, target: 'es2022' },
    });
    return initialJs(join(tmp.dir, 'dist'));
  } finally {
    tmp.cleanup();
  }
}

export async function measureBundle() {
  const app = initialJs(join(ROOT, 'dist/client'));
  const baseline = await baselineReact();
  return {
    initialJsGzipKB: app.totalGzipKB,
    initialJsSentKB: app.totalSentKB,
    baselineReactJsGzipKB: baseline.totalGzipKB,
    initialJsFiles: app.files.map((f) => ({ file: f.file, gzipKB: Math.round(f.gzipBytes / 100) / 10 })),
    kilobyte: '1000 bytes, gzip at zlib default level; initialJsSentKB: what a browser accepting br downloads (the build precompresses assets with brotli)',
  };
}
