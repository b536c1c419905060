// Web Push to a station's nurses (RFC 8030/8291/8292, through the web-push package). The VAPID
// key pair is made at first start and kept in DATA_DIR/vapid.json: a new pair orphans every
// browser's subscription, so it is created once, never overwritten, readable only by us.
import { closeSync, fsyncSync, linkSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import type { Agent } from 'node:https';
import { join } from 'node:path';
import webpush, { type Urgency as PushUrgency } from 'web-push';
import * as z from 'zod/mini';
import type { PushPayload } from '../shared/push.js';
import type { Urgency } from '../shared/codes.js';
import type { Db } from './store/db.js';
import { deletePushSubscription, nurseSubscriptionsOf, userSubscriptionsOf, type PushSubscriptionRow } from './store/push-subscriptions.js';

/** The port routes use; tests inject a fake or a real sender aimed at a local endpoint. */
export interface Push {
  /** The VAPID public key (base64url) a browser subscribes with. */
  readonly publicKey: string;
  /** Whether the server sends to this endpoint at all (a known push service). */
  accepts(endpoint: string): boolean;
  /**
   * Sends to every subscription of the station's nurses. Never rejects: push is best effort.
   * `inLanguage` gives the payload in the language a phone subscribed with (issue 15); without
   * it, or for a phone that did not say, `payload` (Japanese) is sent.
   */
  notifyStation(orgId: string, payload: PushPayload, inLanguage?: (lang: string) => PushPayload): Promise<void>;
  /** Sends to every subscription of one person (the carer a nurse answered); as notifyStation. */
  notifyUser(userId: string, payload: PushPayload, inLanguage?: (lang: string) => PushPayload): Promise<void>;
}

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
}

const base64urlBytes = (n: number) => z.string().check(z.refine((s) => Buffer.from(s, 'base64url').length === n));
const VapidFileSchema = z.object({ publicKey: base64urlBytes(65), privateKey: base64urlBytes(32) });

/** Reads DATA_DIR/vapid.json, or creates it (mode 0600) on the first start. */
export function loadOrCreateVapidKeys(dataDir: string): VapidKeys {
  const file = join(dataDir, 'vapid.json');
  const existing = readVapidFile(file);
  if (existing) return existing;
  const keys = webpush.generateVAPIDKeys();
  // Written to a private temp file, then linked into place: link() never replaces an existing
  // file, so a half-written or concurrently created key file can never clobber a good one.
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, `${JSON.stringify({ publicKey: keys.publicKey, privateKey: keys.privateKey }, null, 2)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(tmp, file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  } finally {
    unlinkSync(tmp);
  }
  const stored = readVapidFile(file);
  if (!stored) throw new Error(`Could not create ${file}`);
  return stored;
}

function readVapidFile(file: string): VapidKeys | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const parsed = VapidFileSchema.safeParse(json);
  // Never replace a damaged key file silently: that would cut off every subscribed phone.
  if (!parsed.success) throw new Error(`${file} is not a VAPID key pair; restore it from a backup or remove it.`);
  return parsed.data;
}

/** Push services of the browsers we support; the server POSTs nowhere else (no SSRF by subscription). */
export const PUSH_SERVICE_HOSTS: readonly RegExp[] = [
  /^fcm\.googleapis\.com$/, // Chrome, Android browsers, Samsung Internet, Opera
  /^updates\.push\.services\.mozilla\.com$/, // Firefox
  /(^|\.)push\.apple\.com$/, // Safari, iOS home-screen apps
  /(^|\.)notify\.windows\.com$/, // Edge
];

export function isKnownPushService(endpoint: string): boolean {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return false;
  }
  return url.protocol === 'https:' && url.port === '' && PUSH_SERVICE_HOSTS.some((h) => h.test(url.hostname));
}

// RFC 8030 Urgency: the push service may hold low-urgency messages until the phone wakes.
const PUSH_URGENCY: Record<Urgency, PushUrgency> = {
  immediate: 'high',
  today: 'normal',
  within_days: 'low',
  fyi: 'very-low',
};
/** How long a push service keeps a message for a phone that is off; the queue has it anyway. */
const TTL_SECONDS = 24 * 60 * 60;

export interface WebPushOptions {
  db: Db;
  keys: VapidKeys;
  /** VAPID contact (mailto: or https:); Apple rejects placeholders such as @localhost. */
  subject: string;
  /** Which endpoints to accept; default: the push services of PUSH_SERVICE_HOSTS. */
  allowEndpoint?: (endpoint: string) => boolean;
  /** TLS agent for the requests (tests trust a local push service's certificate with it). */
  agent?: Agent;
  timeoutMs?: number;
  log?: (message: string) => void;
}

export interface WebPush extends Push {
  /** Resolves when every send started so far has finished (tests; a clean shutdown). */
  settled(): Promise<void>;
}

export function createWebPush(o: WebPushOptions): WebPush {
  const accepts = o.allowEndpoint ?? isKnownPushService;
  const log = o.log ?? ((m: string) => console.warn(m));
  const inFlight = new Set<Promise<void>>();

  const sendOne = async (s: { endpoint: string; p256dh: string; auth: string }, payload: PushPayload) => {
    try {
      await webpush.sendNotification({ endpoint: s.endpoint, keys: { p256dh: s.p256dh, auth: s.auth } }, JSON.stringify(payload), {
        vapidDetails: { subject: o.subject, publicKey: o.keys.publicKey, privateKey: o.keys.privateKey },
        TTL: TTL_SECONDS,
        urgency: PUSH_URGENCY[payload.urgency],
        timeout: o.timeoutMs ?? 10_000,
        ...(o.agent ? { agent: o.agent } : {}),
      });
    } catch (e) {
      const status = e instanceof webpush.WebPushError ? e.statusCode : undefined;
      // 404/410: the browser unsubscribed or the push service forgot it; it will never work again.
      if (status === 404 || status === 410) await forget(s.endpoint);
      // The endpoint is a bearer capability: log its host only.
      else log(`push to ${hostOf(s.endpoint)} failed: ${status ?? (e instanceof Error ? e.message : String(e))}`);
    }
  };
  const forget = async (endpoint: string) => {
    try {
      await deletePushSubscription(o.db, endpoint);
    } catch (e) {
      log(`could not forget a push subscription: ${e instanceof Error ? e.message : String(e)}`);
    }
  };

  const send = (to: string, subscriptions: () => Promise<PushSubscriptionRow[]>, payload: PushPayload, inLanguage?: (lang: string) => PushPayload) => {
    const job = (async () => {
      let subs: PushSubscriptionRow[];
      try {
        subs = (await subscriptions()).filter((s) => accepts(s.endpoint));
      } catch (e) {
        log(`push to ${to} skipped: ${e instanceof Error ? e.message : String(e)}`);
        return;
      }
      await Promise.all(subs.map((s) => sendOne(s, s.lang && inLanguage ? inLanguage(s.lang) : payload)));
    })();
    inFlight.add(job);
    void job.finally(() => inFlight.delete(job));
    return job;
  };

  return {
    publicKey: o.keys.publicKey,
    accepts,
    notifyStation: (orgId, payload, inLanguage) => send(`station ${orgId}`, () => nurseSubscriptionsOf(o.db, orgId), payload, inLanguage),
    notifyUser: (userId, payload, inLanguage) => send('a person', () => userSubscriptionsOf(o.db, userId), payload, inLanguage),
    async settled() {
      while (inFlight.size) await Promise.all([...inFlight]);
    },
  };
}

function hostOf(endpoint: string): string {
  try {
    return new URL(endpoint).host;
  } catch {
    return '(invalid endpoint)';
  }
}
