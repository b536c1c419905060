// Web Push on this phone: subscribe through the service worker's pushManager with the server's
// VAPID key and hand the subscription to the server, or stop. src/sw.ts shows what arrives.
import { storedLocale } from '../i18n/locales.js';
import { PushKeySchema } from '../../shared/push.js';

/** unsupported: this browser cannot (iPhone: only once added to the home screen). */
export type PushState = 'unsupported' | 'denied' | 'off' | 'on';

/**
 * Why notifications could not be set up, as a code the screen says in the reader's language
 * (i18n/errors.ts pushErrorText); the Japanese message is for logs.
 */
export type PushProblem = 'offline' | 'no_push_here' | 'failed' | 'register_failed' | 'unsupported_service' | 'sign_in_again';

export class PushSetupError extends Error {
  constructor(
    readonly problem: PushProblem,
    /** The server's HTTP status, when it answered. */
    readonly status?: number,
  ) {
    super(`push setup: ${problem}${status ? ` (${status})` : ''}`);
    this.name = 'PushSetupError';
  }
}

export function pushSupported(): boolean {
  return 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;
}

async function currentSubscription(): Promise<PushSubscription | null> {
  const reg = await navigator.serviceWorker.getRegistration('/');
  return (await reg?.pushManager.getSubscription()) ?? null;
}

export async function readPushState(): Promise<PushState> {
  if (!pushSupported()) return 'unsupported';
  if (Notification.permission === 'denied') return 'denied';
  return Notification.permission === 'granted' && (await currentSubscription()) ? 'on' : 'off';
}

/**
 * The state, and when this phone is subscribed, the subscription handed to the server again:
 * it then belongs to whoever is signed in now (a shared phone), and survives a server restore.
 */
export async function refreshPushSubscription(): Promise<PushState> {
  const state = await readPushState();
  if (state !== 'on') return state;
  const sub = await currentSubscription();
  if (sub && navigator.onLine) await sendSubscription(sub).catch(() => undefined);
  return state;
}

export async function subscribeToPush(): Promise<PushState> {
  if (!pushSupported()) return 'unsupported';
  const permission = await Notification.requestPermission();
  if (permission === 'denied') return 'denied';
  if (permission !== 'granted') return 'off';

  const res = await request('/api/push/key');
  if (!res.ok) {
    throw res.status === 404 ? new PushSetupError('no_push_here') : new PushSetupError('failed', res.status);
  }
  const { publicKey } = PushKeySchema.parse(await res.json());
  const key = base64urlToBytes(publicKey);
  const reg = await navigator.serviceWorker.ready;
  let sub = await reg.pushManager.getSubscription();
  // Made with another server key (the server's keys were replaced): it can never receive ours.
  if (sub && !sameBytes(sub.options.applicationServerKey, key)) {
    await sub.unsubscribe();
    sub = null;
  }
  try {
    sub ??= await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
  } catch {
    throw new PushSetupError('register_failed');
  }
  const put = await sendSubscription(sub);
  if (!put.ok) {
    await sub.unsubscribe().catch(() => false);
    throw put.status === 400
      ? new PushSetupError('unsupported_service')
      : put.status === 401
        ? new PushSetupError('sign_in_again')
        : new PushSetupError('failed', put.status);
  }
  return 'on';
}

export async function unsubscribeFromPush(): Promise<PushState> {
  const sub = pushSupported() ? await currentSubscription() : null;
  if (sub) {
    // Offline, the server is not told; the push service then answers 410 and the server forgets it.
    await request('/api/push/subscription', {
      method: 'DELETE',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ endpoint: sub.endpoint }),
    }).catch(() => undefined);
    await sub.unsubscribe();
  }
  return readPushState();
}

function sendSubscription(sub: PushSubscription): Promise<Response> {
  return request('/api/push/subscription', {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    // The phone's UI language: the server writes this phone's notifications in it.
    body: JSON.stringify({ ...sub.toJSON(), lang: storedLocale() }),
  });
}

async function request(path: string, init: RequestInit = {}): Promise<Response> {
  try {
    return await fetch(path, { credentials: 'same-origin', ...init });
  } catch {
    throw new PushSetupError('offline');
  }
}

function base64urlToBytes(s: string): Uint8Array<ArrayBuffer> {
  const b64 = s.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(s.length / 4) * 4, '=');
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function sameBytes(a: ArrayBuffer | null, b: Uint8Array): boolean {
  if (!a) return false;
  const x = new Uint8Array(a);
  return x.length === b.length && x.every((v, i) => v === b[i]);
}
