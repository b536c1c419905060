// Service-worker registration through workbox-window. An update waits for the user
// (registerType 'prompt'); until then the running version keeps working.
import type { Workbox } from 'workbox-window';
import { storedLocale } from '../i18n/locales.js';
import { shareLocaleWithWorker } from './phone-locale.js';

let wb: Workbox | undefined;
type Listener = (waiting: boolean) => void;
const listeners = new Set<Listener>();
let updateWaiting = false;

/** The next try after a failed registration, doubled each time up to five minutes. */
let retryMs = 5_000;
let retryTimer: ReturnType<typeof setTimeout> | undefined;

export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator) || import.meta.env.DEV) return;
  if (wb) return;
  clearTimeout(retryTimer);
  // Loaded after the first screen: registration is not needed to paint it.
  import('workbox-window').then(
    ({ Workbox }) => start(new Workbox('/sw.js', { scope: '/' })),
    () => tryAgainLater(),
  );
}

/**
 * A first visit that lost the network while fetching the worker (its module, /sw.js, or a file
 * it precaches) would otherwise stay without offline use until the next reload: try again when
 * the phone is back online, or after a while.
 */
function tryAgainLater(): void {
  wb = undefined;
  clearTimeout(retryTimer);
  retryTimer = setTimeout(registerServiceWorker, retryMs);
  retryMs = Math.min(retryMs * 2, 5 * 60_000);
  window.addEventListener('online', registerServiceWorker, { once: true });
}

function start(instance: Workbox): void {
  if (wb) return;
  wb = instance;
  // A language chosen before the worker could be told (or before this version) reaches it now.
  shareLocaleWithWorker(storedLocale());
  instance.addEventListener('waiting', () => {
    updateWaiting = true;
    for (const l of listeners) l(true);
  });
  instance.addEventListener('controlling', (e) => {
    if (e.isUpdate) window.location.reload();
  });
  // Its install failed (a precached file could not be fetched): the browser dropped it.
  instance.addEventListener('redundant', () => {
    if (wb === instance) tryAgainLater();
  });
  instance.register().then(
    () => {
      retryMs = 5_000;
    },
    () => {
      if (wb === instance) tryAgainLater();
    },
  );
}

export function onUpdateWaiting(l: Listener): () => void {
  listeners.add(l);
  l(updateWaiting);
  return () => listeners.delete(l);
}

/** Activate the waiting version; the page reloads when it takes control. */
export function applyUpdate(): void {
  wb?.messageSkipWaiting();
}
