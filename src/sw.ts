// The service worker: precache the app shell, serve every route offline, and flush the outbox
// on Background Sync. The same sync engine runs in the page (src/client/sync).
/// <reference lib="webworker" />
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, createHandlerBoundToURL, matchPrecache, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute, setCatchHandler } from 'workbox-routing';
import { getDb } from './client/db/db.js';
import { SYNC_TAG, syncOnce } from './client/sync/engine.js';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: (string | { url: string; revision: string | null })[] };

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
registerRoute(new NavigationRoute(createHandlerBoundToURL('/index.html'), { denylist: [/^\/api\//] }));
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
