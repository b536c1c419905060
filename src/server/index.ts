// Process entry: read the environment, open the store, listen, stop cleanly on SIGTERM.
import { serve } from '@hono/node-server';
import { existsSync } from 'node:fs';
import { Server as HttpServer } from 'node:http';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as z from 'zod/mini';
import { createApp } from './app.js';
import { createLocalChangeBus } from './change-bus.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, isEmpty, seedDemo } from './demo.js';
import { createAuditLog } from './audit.js';
import { createSetupToken } from './store/admin.js';
import { openStore } from './store/db.js';
import { createWriter } from './store/writer.js';
import { createWebPush, loadOrCreateVapidKeys } from './push.js';
import { createFurigana } from './furigana.js';
import { keepConnections } from './http.js';

const EnvSchema = z.object({
  PORT: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(65535)), 8080),
  HOST: z._default(z.string(), '127.0.0.1'),
  DATA_DIR: z._default(z.string(), './data'),
  /** postgres://… runs on PostgreSQL (several processes may share it); unset: SQLite in DATA_DIR. */
  DATABASE_URL: z.optional(z.string().check(z.regex(/^postgres(ql)?:\/\//))),
  DEMO: z._default(z.enum(['0', '1', '']), ''),
  TRUST_PROXY: z._default(z.enum(['0', '1', '']), ''),
  SESSION_IDLE_HOURS: z._default(z.coerce.number().check(z.gt(0)), 12),
  STATIC_DIR: z.optional(z.string()),
  /** VAPID contact for push services: mailto: or https: — a real one (Apple rejects placeholders). */
  VAPID_SUBJECT: z.optional(z.string().check(z.regex(/^(mailto:\S+@\S+|https:\/\/\S+)$/))),
});

async function main() {
  const parsed = EnvSchema.safeParse(process.env);
  if (!parsed.success) {
    console.error('Invalid environment:', z.prettifyError(parsed.error));
    process.exit(2);
  }
  const env = parsed.data;
  const here = dirname(fileURLToPath(import.meta.url));
  const staticDir = resolve(env.STATIC_DIR ?? resolve(here, '../../client'));
  const db = await openStore({ dataDir: resolve(env.DATA_DIR), databaseUrl: env.DATABASE_URL });

  const furigana = createFurigana();
  // Several processes may start at once on one PostgreSQL database: one of them seeds.
  const seeded =
    env.DEMO === '1' &&
    (await db.transaction(async () => {
      await db.lock('demo-seed');
      if (!(await isEmpty(db))) return false;
      await seedDemo(db, new Date(), { activity: true, furigana });
      return true;
    }));
  if (seeded) {
    console.log(`Demo region seeded. Every account's password is "${DEMO_PASSWORD}":`);
    for (const a of DEMO_ACCOUNTS) console.log(`  ${a.loginId.padEnd(16)} ${a.role.padEnd(6)} ${a.orgId}`);
  } else if (env.DEMO !== '1' && (await isEmpty(db))) {
    const token = await createSetupToken(db, new Date().toISOString());
    const host = env.HOST === '0.0.0.0' || env.HOST === '::' ? 'localhost' : env.HOST;
    console.log('No organization yet. Open this one-time URL to create the first organization and its admin:');
    console.log(`  http://${host}:${env.PORT}/setup#${token}`);
    console.log('(Behind HTTPS, use your public address with the same path. DEMO=1 loads the demo region instead.)');
  }
  // Group commit: the routes' writes and the audit log share one transaction per turn.
  const writer = createWriter(db);
  const audit = createAuditLog(db, writer);
  if (!env.VAPID_SUBJECT) console.log('VAPID_SUBJECT is not set; Web Push uses a placeholder contact. Set it to mailto:<your address>.');
  const push = createWebPush({
    db,
    keys: loadOrCreateVapidKeys(resolve(env.DATA_DIR)),
    subject: env.VAPID_SUBJECT ?? 'mailto:kizuki-push@example.com',
  });

  // On PostgreSQL the live streams also hear of what other processes commit (NOTIFY at commit).
  const changes = createLocalChangeBus();
  const stopListening = env.DATABASE_URL
    ? (await import('./store/postgres.js')).listenForChanges(env.DATABASE_URL, () => changes.publish())
    : async () => {};

  const app = createApp({
    db,
    changes,
    writer,
    staticDir: existsSync(resolve(staticDir, 'index.html')) ? staticDir : undefined,
    trustProxy: env.TRUST_PROXY === '1',
    audit,
    push,
    furigana,
    sessionIdleMs: env.SESSION_IDLE_HOURS * 3600 * 1000,
  });
  const server = serve({ fetch: app.fetch, port: env.PORT, hostname: env.HOST }, (info) => {
    console.log(`Kizuki listening on http://${env.HOST}:${info.port}`);
    // The tokenizer for ふりがな takes seconds to build: after listening, never before.
    setTimeout(() => furigana.warm(), 1000).unref();
  });
  if (server instanceof HttpServer) keepConnections(server);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping`);
    let finishing = false;
    const finish = () => {
      if (finishing) return;
      finishing = true;
      // Commit what is still queued (audit entries, writes of requests cut off by the timeout).
      void (async () => {
        try {
          await audit.flush();
          await writer.flush();
          await stopListening();
          await db.close();
        } finally {
          process.exit(0);
        }
      })();
    };
    // Open live streams end now (cleanly: their browsers reconnect to whichever process serves
    // next), so that they do not hold the server's close() until the bound below.
    changes.close();
    server.close(finish);
    // Idle keep-alive connections would hold close() open; do not wait for them forever.
    setTimeout(finish, 3000).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

void main();
