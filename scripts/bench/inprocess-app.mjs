// The built app (dist/server) without HTTP, for the in-process benches (server-inprocess.mjs,
// batch-inprocess.mjs): a fresh demo SQLite file (WAL, synchronous=FULL, the group writer), one
// signed-in account, and the origin a browser would send.
import { join } from 'node:path';
import { DEMO_PASSWORD, ROOT, tempDir } from './util.mjs';

export const BASE = 'http://127.0.0.1:8080';

/** `onCommit(n)`: called after each group commit with its number of writes. */
export async function inProcessApp({ prefix, loginId, onCommit }) {
  const dist = process.env.KIZUKI_DIST ?? join(ROOT, 'dist/server/server');
  const { createApp } = await import(join(dist, 'app.js'));
  const { openSqlite } = await import(join(dist, 'store/sqlite.js'));
  const { createWriter } = await import(join(dist, 'store/writer.js'));
  const { createAuditLog } = await import(join(dist, 'audit.js'));
  const { seedDemo } = await import(join(dist, 'demo.js'));
  const tmp = tempDir(prefix);
  const db = openSqlite(tmp.dir);
  await db.transaction(() => seedDemo(db, new Date(), { activity: false }));
  const writer = createWriter(db, { onCommit });
  const app = createApp({ db, writer, audit: createAuditLog(db, writer) });
  const signIn = await app.fetch(
    new Request(`${BASE}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: BASE },
      body: JSON.stringify({ loginId, password: DEMO_PASSWORD }),
    }),
  );
  const cookie = signIn.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  return { app, db, writer, tmp, cookie };
}
