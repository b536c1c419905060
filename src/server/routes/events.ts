// GET /api/events: server-sent events for an open app. Each event says only "changes you may
// see are available"; its `id:` is the feed position it was checked up to, and the app pulls
// them through GET /api/changes (same visibility rule, same audit). A reconnect sends that id
// back as Last-Event-ID and hears at once of what it missed; an idle stream carries only a
// comment every heartbeatMs, which keeps proxies from cutting it. Docs: ADR 0008.
//
// Access that ends is announced too: when a client row passes (a care team changed) and the
// caller's organization no longer sees a client it saw at the stream's last look, the stream
// says "changes" as for a new record. The rows themselves stay invisible; the app's pass then
// moves its cursor and drops the client (client sync/access-ended.ts, ADR 0019). Nothing is
// learned of clients the caller never saw.
import { Hono, type Context } from 'hono';
import type { ChangeBus } from '../change-bus.js';
import type { AppEnv } from '../http.js';
import { changesFor, clientRowBetween, visibleClientIds } from '../store/changes.js';

export interface EventDeps {
  bus: ChangeBus;
  /** Between heartbeat comments (default 30 s): long, so an idle phone stays asleep. */
  heartbeatMs?: number;
  /** For a request: whether its session is still valid (signed out, disabled, idle: the stream ends). */
  sessionCheck: (c: Context<AppEnv>) => () => Promise<boolean>;
}

/** What the browser waits before reconnecting a dropped stream. */
export const RETRY_MS = 3000;

const encoder = new TextEncoder();

export function eventRoutes(deps: EventDeps) {
  const heartbeatMs = deps.heartbeatMs ?? 30_000;
  const r = new Hono<AppEnv>();
  r.get('/', async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const orgId = actor.orgId;
    const stillSignedIn = deps.sessionCheck(c);
    // Last-Event-ID on the browser's reconnect; ?after= when the app opens a new stream itself.
    const given = parsePosition(c.req.header('last-event-id') ?? c.req.query('after'));
    let stop = () => {};

    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        let open = true;
        let position = 0;
        /** The clients the caller's organization saw at the last look that passed a client row. */
        let seen = new Set<string>();
        const send = (text: string) => {
          if (open) controller.enqueue(encoder.encode(text));
        };
        const announce = (at: number) => send(`id: ${at}\nevent: changes\ndata: ${at}\n\n`);
        // One look at the feed at a time; a wake-up during one asks for another after it.
        let looking = false;
        let again = false;
        const look = async () => {
          if (!open) return;
          if (!(await stillSignedIn())) return stop();
          const { rows, maxSeq, ended } = await db.transaction(async () => {
            const feed = await changesFor(db, actor, position, 1);
            if (!(await clientRowBetween(db, position, feed.maxSeq))) return { ...feed, ended: false };
            const now = await visibleClientIds(db, orgId);
            const lost = [...seen].some((id) => !now.has(id));
            seen = now;
            return { ...feed, ended: lost };
          });
          // Rows it may not see move the position silently: no event, nothing learned — unless
          // access it had has ended, which its app must hear of to forget that client.
          if (rows.length > 0 || ended) announce(maxSeq);
          position = Math.max(position, maxSeq);
        };
        const check = () => {
          if (looking) {
            again = true;
            return;
          }
          looking = true;
          void (async () => {
            try {
              do {
                again = false;
                await look();
              } while (again && open);
            } catch (error) {
              if (open) console.error('live stream check failed:', error);
            } finally {
              looking = false;
            }
          })();
        };

        // A stopping process ends the stream (the bus closes): the browser reconnects elsewhere.
        const unsubscribe = deps.bus.subscribe(check, () => stop());
        const heartbeat = setInterval(() => {
          void stillSignedIn().then(
            (ok) => (ok ? send(': heartbeat\n\n') : stop()),
            () => stop(),
          );
        }, heartbeatMs);
        stop = () => {
          if (!open) return;
          open = false;
          unsubscribe();
          clearInterval(heartbeat);
          try {
            controller.close();
          } catch {
            // Already cancelled by the client.
          }
        };

        send(`retry: ${RETRY_MS}\n\n`);
        const { maxSeq } = await db.transaction(async () => {
          seen = await visibleClientIds(db, orgId);
          return changesFor(db, actor, 0, 0);
        });
        if (given === undefined || given > maxSeq) {
          // A new stream (or a position from another database): the app pulls once to start.
          position = maxSeq;
          announce(maxSeq);
        } else {
          position = given;
          check();
        }
      },
      cancel() {
        stop();
      },
    });

    return new Response(body, {
      headers: {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        // nginx and similar proxies would otherwise buffer the stream.
        'x-accel-buffering': 'no',
      },
    });
  });
  return r;
}

/** A feed position this server wrote (decimal seq), or undefined. */
function parsePosition(raw: string | undefined): number | undefined {
  if (raw === undefined || !/^\d{1,15}$/.test(raw)) return undefined;
  return Number(raw);
}
