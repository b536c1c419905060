// Web Push between the server and the service worker: the subscription a browser hands us,
// and the payload that tells a nurse a consultation has arrived. Both ends parse with these.
import * as z from 'zod/mini';
import { CATEGORY_LABEL, URGENCIES, URGENCY_LABEL, type Category, type Urgency } from './codes.js';

const base64url = (min: number, max: number) =>
  z.string().check(z.minLength(min), z.maxLength(max), z.regex(/^[A-Za-z0-9_-]+={0,2}$/, 'base64url ではありません'));

/** PushSubscription.toJSON() as a browser gives it: an https endpoint and the keys to encrypt for it. */
export const PushSubscriptionInputSchema = z.object({
  endpoint: z.url({ protocol: /^https$/, error: 'https の URL ではありません' }).check(z.maxLength(2048)),
  keys: z.object({
    // An uncompressed P-256 point (65 bytes) and a 16-byte secret, base64url-encoded.
    p256dh: base64url(80, 100),
    auth: base64url(16, 32),
  }),
});
export type PushSubscriptionInput = z.infer<typeof PushSubscriptionInputSchema>;

export const PushEndpointSchema = z.object({ endpoint: z.string().check(z.minLength(1), z.maxLength(2048)) });

export const PushKeySchema = z.object({ publicKey: z.string() });

export const PushPayloadSchema = z.object({
  title: z.string().check(z.maxLength(200)),
  body: z.string().check(z.maxLength(500)),
  /** A path of this app, e.g. /consultations/{id}; anything else opens the app's start page. */
  url: z.string().check(z.maxLength(500)),
  urgency: z.enum(URGENCIES),
  /** One notification per consultation: a second push for the same one replaces it. */
  tag: z.string().check(z.maxLength(200)),
});
export type PushPayload = z.infer<typeof PushPayloadSchema>;

/** The notification a station's nurses get for a new consultation. */
export function consultationPushPayload(k: {
  id: string;
  urgency: Urgency;
  category: Category;
  clientName: string;
  fromOrgName: string;
}): PushPayload {
  return {
    title: `新しい相談（${URGENCY_LABEL[k.urgency]}）`,
    body: `${k.clientName}さん・${CATEGORY_LABEL[k.category]}（${k.fromOrgName}から）`,
    url: `/consultations/${k.id}`,
    urgency: k.urgency,
    tag: `consultation-${k.id}`,
  };
}
