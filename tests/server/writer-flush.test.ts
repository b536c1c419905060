// writer.flush() inside an op would wait for its own group forever: it rejects at once. The
// store's own async context says so (Db.inTransaction), on either engine.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createWriter } from '../../src/server/store/writer.js';
import { openTestDb } from '../fixtures/test-db.js';

describe('flush() inside an op', () => {
  it('rejects at once instead of waiting for its own group forever; outside an op it commits', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kizuki-writer-flush-'));
    const store = await openTestDb(dir);
    try {
      const writer = createWriter(store);
      const inside = await writer.run(() => writer.flush().then(() => 'flushed', (e: Error) => e.message));
      expect(inside).toMatch(/cannot run inside a transaction/);
      const inTransaction = await store.transaction(() => writer.flush().then(() => 'flushed', (e: Error) => e.message));
      expect(inTransaction).toMatch(/cannot run inside a transaction/);
      const queued = writer.run(() => 'done');
      await writer.flush();
      await expect(queued).resolves.toBe('done');
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
