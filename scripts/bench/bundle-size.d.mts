// Types for bundle-size.mjs (imported by tests/unit/bundle-size.test.ts).
export interface InitialJsFile {
  /** Path inside the dist directory, e.g. "assets/index-abc.js". */
  file: string;
  bytes: number;
  gzipBytes: number;
}

export interface InitialJs {
  /** The entry script as index.html names it. */
  entry: string;
  files: InitialJsFile[];
  totalBytes: number;
  totalGzipBytes: number;
  /** totalGzipBytes / 1000 (kB as Vite prints it), one decimal. */
  totalGzipKB: number;
}

export function htmlEntries(html: string): { scripts: string[]; preloads: string[] };
export function staticImports(code: string): string[];
export function initialJs(distDir: string): InitialJs;
export function serviceWorkerFile(distDir: string): string;
