// The service worker: precache the app shell, serve every route offline, and flush the outbox
// on Background Sync. The same sync engine runs in the page (src/client/sync).
/// <reference lib="webworker" />
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, createHandlerBoundToURL, matchPrecache, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute, setCatchHandler } from 'workbox-routing';
import { NetworkOnly } from 'workbox-strategies';
import { getDb } from './client/db/db.js';
import { SYNC_TAG, syncOnce } from './client/sync/engine.js';
import { fallbackPushText, PHONE_LOCALE_CACHE, PHONE_LOCALE_URL, PushPayloadSchema } from './shared/push.js';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: (string | { url: string; revision: string | null })[] };

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
registerRoute(new NavigationRoute(createHandlerBoundToURL('/index.html'), { denylist: [/^\/api\//] }));
// Other navigations (e.g. to /api) go to the network; with none, the catch handler answers.
registerRoute(({ request }) => request.mode === 'navigate', new NetworkOnly());
// Anything else that fails with no network: a page that says so, instead of the browser's error.
setCatchHandler(async ({ request }) => {
  if (request.destination === 'document') return (await matchPrecache('/offline.html')) ?? Response.error();
  return Response.error();
});

self.addEventListener('message', (event: ExtendableMessageEvent) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});
// The first install takes control at once so the very first visit works offline afterwards.
clientsClaim();

interface SyncEvent extends ExtendableEvent {
  readonly tag: string;
}

self.addEventListener('sync', (event: Event) => {
  const e = event as SyncEvent;
  if (e.tag !== SYNC_TAG) return;
  // A rejected promise tells the browser to retry later with its own backoff.
  e.waitUntil(
    syncOnce({ db: getDb(), fetch: (path, init) => fetch(path, init), now: () => new Date() }).then(async (outcome) => {
      const clients = await self.clients.matchAll({ type: 'window' });
      for (const c of clients) c.postMessage({ type: 'SYNCED', outcome });
    }),
  );
});

// Web Push (src/server/push.ts): a consultation arrived at this nurse's station. Show it, and
// pull it onto the phone at the same time so it opens even if the signal is gone by then.
self.addEventListener('push', (event: PushEvent) => {
  event.waitUntil(
    Promise.all([
      showPushNotification(event.data),
      syncOnce({ db: getDb(), fetch: (path, init) => fetch(path, init), now: () => new Date() }).catch(() => undefined),
    ]),
  );
});

async function showPushNotification(data: PushMessageData | null): Promise<void> {
  let raw: unknown;
  try {
    raw = data?.json();
  } catch {
    raw = undefined;
  }
  // Whatever arrives, the browser expects a notification for every push; say something useful.
  const parsed = PushPayloadSchema.safeParse(raw);
  const p = parsed.success ? parsed.data : undefined;
  // Unreadable: plain words in the language the phone's owner chose (stored by the page).
  const fallback = p ? null : fallbackPushText(await phoneLocale());
  await self.registration.showNotification(p?.title ?? fallback?.title ?? '', {
    body: p?.body ?? fallback?.body ?? '',
    tag: p?.tag ?? 'kizuki',
    data: { url: p?.url ?? '/' },
    icon: '/icon-192.png',
    badge: '/icon-192.png',
    lang: fallback?.lang ?? 'ja',
    // 至急 stays on screen until the nurse acts; 共有のみ arrives without a sound.
    requireInteraction: p?.urgency === 'immediate',
    silent: p?.urgency === 'fyi',
  });
}

/** The UI language the page stored for the worker; undefined when it never said. */
async function phoneLocale(): Promise<string | undefined> {
  try {
    const res = await (await caches.open(PHONE_LOCALE_CACHE)).match(PHONE_LOCALE_URL);
    return res ? (await res.text()).trim() : undefined;
  } catch {
    return undefined;
  }
}

self.addEventListener('notificationclick', (event: NotificationEvent) => {
  event.notification.close();
  event.waitUntil(openFromNotification(event.notification.data));
});

async function openFromNotification(data: unknown): Promise<void> {
  const url = sameOriginUrl((data as { url?: unknown } | null)?.url);
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const open = windows.find((w) => new URL(w.url).origin === self.location.origin);
  if (open) {
    const focused = await open.focus();
    if (focused.url === url) return;
    // navigate() works only on a page this worker controls; otherwise open the path anew.
    if (await focused.navigate(url).catch(() => null)) return;
  }
  await self.clients.openWindow(url);
}

/** Only paths of this app: a payload never sends the nurse to another site. */
function sameOriginUrl(value: unknown): string {
  try {
    const url = new URL(typeof value === 'string' ? value : '/', self.location.origin);
    if (url.origin === self.location.origin) return url.href;
  } catch {
    // fall through to the start page
  }
  return new URL('/', self.location.origin).href;
}
