// Service-worker registration through workbox-window. An update waits for the user
// (registerType 'prompt'); until then the running version keeps working.
import { Workbox } from 'workbox-window';

let wb: Workbox | undefined;
type Listener = (waiting: boolean) => void;
const listeners = new Set<Listener>();
let updateWaiting = false;

export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator) || import.meta.env.DEV) return;
  wb = new Workbox('/sw.js', { scope: '/' });
  wb.addEventListener('waiting', () => {
    updateWaiting = true;
    for (const l of listeners) l(true);
  });
  wb.addEventListener('controlling', (e) => {
    if (e.isUpdate) window.location.reload();
  });
  void wb.register();
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
