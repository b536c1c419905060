// Web Push between the server and the service worker: the subscription a browser hands us,
// and the payloads that tell a nurse a consultation has arrived and a carer that a nurse has
// answered hers. Both ends parse with these.
import * as z from 'zod/mini';
import { CATEGORY_LABEL, URGENCIES, URGENCY_LABEL, type Category, type Urgency } from './codes.js';

const base64url = (min: number, max: number) =>
  z.string().check(z.minLength(min), z.maxLength(max), z.regex(/^[A-Za-z0-9_-]+={0,2}$/, 'base64url ではありません'));

/** PushSubscription.toJSON() as a browser gives it: an https endpoint and the keys to encrypt for it. */
export const PushSubscriptionInputSchema = z.object({
  /** The phone's UI language (one of PUSH_LANGUAGES; anything else gets Japanese). */
  lang: z.optional(z.string().check(z.maxLength(35))),
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

interface PushWords {
  /** What a push the worker cannot read says (the browser wants a notification for every push). */
  fallback: { title: string; body: string };
  title: (urgency: string) => string;
  body: (client: string, category: string, from: string) => string;
  urgency: Record<Urgency, string>;
  category: Record<Category, string>;
  /** A nurse answered the carer's consultation. */
  answered: { title: string; body: (client: string, from: string) => string };
}

/**
 * A notification is drawn by the phone's system, outside the app and its catalogs, so its few
 * words live here, per UI language (issue 15; drafts, like the catalogs' fuzzy entries). The
 * Japanese urgency stays beside the translation, as clinical words do in the app.
 */
const JA: PushWords = {
  fallback: { title: '新しいお知らせがあります', body: 'アプリを開いて確認してください。' },
  title: (u) => `新しい相談（${u}）`,
  body: (c, k, f) => `${c}さん・${k}（${f}から）`,
  urgency: URGENCY_LABEL,
  category: CATEGORY_LABEL,
  answered: { title: '看護師から返事があります', body: (c, f) => `${c}さんの相談（${f}）` },
};
const PUSH_WORDS: Record<string, PushWords> = {
  ja: JA,
  'ja-x-easy': {
    fallback: { title: '新しい お知らせが あります', body: 'アプリを 開いて 見てください。' },
    title: (u) => `新しい 相談が 来ました（${u}）`,
    body: (c, k, f) => `${c}さん・${k}（${f}から）`,
    urgency: URGENCY_LABEL,
    category: CATEGORY_LABEL,
  answered: { title: '看護師から 返事が 来ました', body: (c, f) => `${c}さんの 相談（${f}）` },
  },
  en: {
    fallback: { title: 'You have a new notice', body: 'Open the app to see it.' },
    title: (u) => `New consultation (${u})`,
    body: (c, k, f) => `${c} · ${k} (from ${f})`,
    urgency: { immediate: 'Urgent', today: 'Today', within_days: 'Within days', fyi: 'For information' },
    category: { change: 'Small change', trouble: 'A problem', judgement: 'Unsure what to do' },
  answered: { title: 'The nurse has answered', body: (c, f) => `Consultation about ${c} (${f})` },
  },
  vi: {
    fallback: { title: 'Có thông báo mới', body: 'Mở ứng dụng để xem.' },
    title: (u) => `Trao đổi mới (${u})`,
    body: (c, k, f) => `${c} · ${k} (từ ${f})`,
    urgency: { immediate: 'Khẩn cấp', today: 'Trong hôm nay', within_days: 'Trong vài ngày', fyi: 'Chỉ chia sẻ' },
    category: { change: 'Thay đổi nhỏ', trouble: 'Khó khăn', judgement: 'Phân vân' },
  answered: { title: 'Điều dưỡng đã trả lời', body: (c, f) => `Trao đổi về ${c} (${f})` },
  },
  id: {
    fallback: { title: 'Ada pemberitahuan baru', body: 'Buka aplikasi untuk melihatnya.' },
    title: (u) => `Konsultasi baru (${u})`,
    body: (c, k, f) => `${c} · ${k} (dari ${f})`,
    urgency: { immediate: 'Mendesak', today: 'Hari ini', within_days: 'Dalam beberapa hari', fyi: 'Sekadar info' },
    category: { change: 'Perubahan kecil', trouble: 'Masalah', judgement: 'Ragu-ragu' },
  answered: { title: 'Perawat sudah menjawab', body: (c, f) => `Konsultasi tentang ${c} (${f})` },
  },
  fil: {
    fallback: { title: 'May bagong abiso', body: 'Buksan ang app para makita ito.' },
    title: (u) => `Bagong konsultasyon (${u})`,
    body: (c, k, f) => `${c} · ${k} (mula sa ${f})`,
    urgency: { immediate: 'Apurahan', today: 'Ngayong araw', within_days: 'Sa loob ng ilang araw', fyi: 'Para malaman lang' },
    category: { change: 'Maliit na pagbabago', trouble: 'Problema', judgement: 'Hindi sigurado' },
  answered: { title: 'Sumagot na ang nars', body: (c, f) => `Konsultasyon tungkol kay ${c} (${f})` },
  },
  my: {
    fallback: { title: 'အသိပေးချက်အသစ် ရှိပါသည်', body: 'ကြည့်ရန် အက်ပ်ကို ဖွင့်ပါ။' },
    title: (u) => `တိုင်ပင်ချက်အသစ် (${u})`,
    body: (c, k, f) => `${c} · ${k} (${f} မှ)`,
    urgency: { immediate: 'အရေးပေါ်', today: 'ယနေ့အတွင်း', within_days: 'ရက်အနည်းငယ်အတွင်း', fyi: 'အသိပေးရုံသာ' },
    category: { change: 'ပြောင်းလဲမှု အသေးအဖွဲ', trouble: 'အခက်အခဲ', judgement: 'ဆုံးဖြတ်ရန် ခက်ခဲ' },
  answered: { title: 'သူနာပြုက ပြန်ဖြေထားပါသည်', body: (c, f) => `${c} အကြောင်း တိုင်ပင်ချက် (${f})` },
  },
  ne: {
    fallback: { title: 'नयाँ सूचना आएको छ', body: 'हेर्न एप खोल्नुहोस्।' },
    title: (u) => `नयाँ परामर्श (${u})`,
    body: (c, k, f) => `${c} · ${k} (${f} बाट)`,
    urgency: { immediate: 'अत्यावश्यक', today: 'आजै', within_days: 'केही दिनभित्र', fyi: 'जानकारीका लागि' },
    category: { change: 'सानो परिवर्तन', trouble: 'समस्या', judgement: 'निर्णय गर्न गाह्रो' },
  answered: { title: 'नर्सले जवाफ दिनुभयो', body: (c, f) => `${c} बारे परामर्श (${f})` },
  },
};
export const PUSH_LANGUAGES = Object.keys(PUSH_WORDS);

export { PHONE_LOCALE_CACHE, PHONE_LOCALE_URL } from './phone-locale.js';

/** What a push the worker cannot read says, in the phone's language (Japanese when unknown). */
export function fallbackPushText(lang: string | undefined): { title: string; body: string; lang: string } {
  const known = lang !== undefined && lang in PUSH_WORDS;
  const w = (known ? PUSH_WORDS[lang] : undefined) ?? JA;
  return { ...w.fallback, lang: known ? lang : 'ja' };
}

/** The notification a carer gets when a nurse answers her consultation, in her phone's language. */
export function answerPushPayload(k: { id: string; urgency: Urgency; clientName: string; stationName: string }, lang = 'ja'): PushPayload {
  const w = PUSH_WORDS[lang] ?? JA;
  return {
    title: w.answered.title,
    body: w.answered.body(k.clientName, k.stationName),
    url: `/consultations/${k.id}`,
    urgency: k.urgency,
    // One notification per consultation's answers (a new consultation's tag is its own).
    tag: `answer-${k.id}`,
  };
}

/** The notification a station's nurses get for a new consultation, in a phone's language. */
export function consultationPushPayload(
  k: {
    id: string;
    urgency: Urgency;
    category: Category;
    clientName: string;
    fromOrgName: string;
  },
  lang = 'ja',
): PushPayload {
  const w = PUSH_WORDS[lang] ?? JA;
  // Japanese words (ja, やさしい日本語, an unknown language) need no Japanese beside them.
  const urgency = w.urgency === URGENCY_LABEL ? w.urgency[k.urgency] : `${w.urgency[k.urgency]}・${URGENCY_LABEL[k.urgency]}`;
  return {
    title: w.title(urgency),
    body: w.body(k.clientName, w.category[k.category], k.fromOrgName),
    url: `/consultations/${k.id}`,
    urgency: k.urgency,
    tag: `consultation-${k.id}`,
  };
}
