// Service-worker registration through workbox-window. An update waits for the user
// (registerType 'prompt'); until then the running version keeps working.
import type { Workbox } from 'workbox-window';
import { storedLocale } from '../i18n/locales.js';
import { shareLocaleWithWorker } from './phone-locale.js';

let wb: Workbox | undefined;
type Listener = (waiting: boolean) => void;
const listeners = new Set<Listener>();
let updateWaiting = false;

export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator) || import.meta.env.DEV) return;
  // Loaded after the first screen: registration is not needed to paint it.
  void import('workbox-window').then(({ Workbox }) => start(new Workbox('/sw.js', { scope: '/' })));
}

function start(instance: Workbox): void {
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
  void instance.register();
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
