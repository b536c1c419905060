// Where the phone's UI language is kept for the service worker, which has no localStorage: the
// page writes it into this cache whenever it is chosen and at start (client/pwa/phone-locale.ts),
// the worker reads it for a push it cannot read (shared/push.ts). Its own module so that the
// page's first download does not pull in push.ts and zod with it (ADR 0005).
export const PHONE_LOCALE_CACHE = 'kizuki-phone';
export const PHONE_LOCALE_URL = '/__phone/locale';
