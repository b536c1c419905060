// Removes the throwaway database directory playwright.config.ts made for this run.
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';

export default function globalTeardown(): void {
  const dir = process.env.E2E_DATA_DIR;
  if (dir?.startsWith(tmpdir()) && dir.includes('kizuki-e2e-') && !process.env.E2E_KEEP_DATA) {
    rmSync(dir, { recursive: true, force: true });
  }
}
