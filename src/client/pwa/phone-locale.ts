// The phone's UI language for the service worker, which cannot read localStorage: a push it
// cannot read still says its plain words in the owner's language (shared/push.ts).
import { PHONE_LOCALE_CACHE, PHONE_LOCALE_URL } from '../../shared/phone-locale.js';

export function shareLocaleWithWorker(locale: string): void {
  if (!('caches' in globalThis)) return;
  void caches
    .open(PHONE_LOCALE_CACHE)
    .then((c) => c.put(PHONE_LOCALE_URL, new Response(locale, { headers: { 'content-type': 'text/plain' } })))
    .catch(() => undefined); // no storage: the worker falls back to Japanese
}
