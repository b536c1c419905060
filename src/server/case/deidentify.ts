// A closed consultation as a de-identified case for 事例検討会: no names (client, staff,
// organizations), no ids, no dates — times become day offsets 「1日目 14:20」 (Japan time, day 1
// = the day of the first entry) — and free text with every known name, phone number and date
// replaced. Pure: the route passes what the nurse may see and every name to look for.
import {
  CATEGORY_LABEL,
  FEEDBACK_LABEL,
  REPLY_KIND_LABEL,
  SOFT_SIGN_LABEL,
  URGENCY_LABEL,
  type OrgKind,
  type Role,
} from '../../shared/codes.js';
import { measuredCount } from '../../shared/news2.js';
import { vitalsText } from '../../shared/sbar.js';
import type { Consultation, Observation, Vitals } from '../../shared/schemas.js';

export interface CaseInput {
  consultation: Consultation;
  /** The observations the nurse may see around the consultation (the trend), oldest first or not. */
  observations: readonly Observation[];
  client: { name: string; kana?: string; birthYear?: number };
  /** Everyone whose name may appear in free text, with their role. */
  people: readonly { name: string; role: Role }[];
  organizations: readonly { name: string; kind: OrgKind }[];
}

export interface CaseEntry {
  when: string;
  vitals: Vitals;
  vitalsText: string;
  news2: { score: number; measured: number } | null;
  signs: string[];
  note: string | null;
  cited: boolean;
}

export interface CaseMessage {
  when: string;
  who: string;
  text: string[];
}

export interface DeidentifiedCase {
  title: string;
  client: string;
  category: string;
  urgency: string;
  opened: string;
  closed: string | null;
  trend: CaseEntry[];
  sbar: { label: string; text: string }[];
  messages: CaseMessage[];
  feedback: string[];
  helped: boolean | null;
}

const CLIENT = 'Aさん';
const ROLE_WORD: Record<Role, string> = { carer: '介護職員', nurse: '看護師', admin: '管理者' };
const ORG_WORD: Record<OrgKind, string> = {
  visiting_nursing: '訪問看護ステーション',
  medical_daycare: '療養通所介護事業所',
  home_care: '訪問介護事業所',
  disability_service: '障害福祉サービス事業所',
  care_management: '居宅介護支援事業所',
  other: '事業所',
};
const JST_MS = 9 * 60 * 60 * 1000;
/** What separates a phone number's parts as typed: hyphens of every width, 長音符, a space. */
const DASH = '[-‐‑–—―−－ー\\s]';

const toKatakana = (s: string) => s.replace(/[\u3041-\u3096]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0x60));
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A name, its parts and spacing variants, in hiragana and katakana. */
function variants(full: string): string[] {
  const parts = full.trim().split(/[\s\u3000]+/).filter(Boolean);
  const forms = [full.trim(), parts.join(''), parts.join(' '), parts.join('\u3000'), ...parts];
  return [...new Set(forms.flatMap((f) => [f, toKatakana(f)]))].filter((f) => f.length > 0);
}

/** Replaces every known name (longest first, honorifics folded in), phone numbers and dates. */
export function makeScrubber(input: Pick<CaseInput, 'client' | 'people' | 'organizations'>): (text: string) => string {
  const rules: [string, string][] = [];
  for (const o of input.organizations) for (const v of variants(o.name)) rules.push([v, ORG_WORD[o.kind]]);
  for (const v of [...variants(input.client.name), ...(input.client.kana ? variants(input.client.kana) : [])]) rules.push([v, CLIENT]);
  for (const p of input.people) for (const v of variants(p.name)) rules.push([v, ROLE_WORD[p.role]]);
  rules.sort((a, b) => b[0].length - a[0].length);
  const byName = new Map(rules.map(([from, to]) => [from, to]));
  const names = new RegExp(`(${[...byName.keys()].map(escape).join('|')})(さん|様|さま|氏|くん|ちゃん)?`, 'g');
  return (text) =>
    text
      .replace(names, (_m, name: string) => byName.get(name) ?? '')
      // A Japanese IME types full-width digits (０９０－…, １１月２８日): read them as digits, or
      // every number rule below misses them.
      .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
      .replace(new RegExp(`(?:\\+?81${DASH}?)?0\\d{1,4}(?:${DASH}|[(（])?\\d{1,4}(?:${DASH}|[)）])?\\d{3,4}`, 'g'), '（電話番号）')
      .replace(/(?:令和|平成|昭和|大正)(?:\d{1,2}|元)年(?:\d{1,2}月(?:\d{1,2}日)?)?/g, '（日付）')
      .replace(/\d{4}[-/年]\d{1,2}[-/月]\d{1,2}日?/g, '（日付）')
      .replace(/\d{1,2}月\d{1,2}日/g, '（日付）')
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '（ID）');
}

/** 「3日目 14:20」: Japan time, day 1 = the day of `origin`. */
export function dayOffset(iso: string, originIso: string): string {
  const t = Date.parse(iso) + JST_MS;
  const day = (ms: number) => Math.floor(ms / 86_400_000);
  const n = day(t) - day(Date.parse(originIso) + JST_MS) + 1;
  const d = new Date(t);
  const hh = String(d.getUTCHours()).padStart(2, '0');
  const mm = String(d.getUTCMinutes()).padStart(2, '0');
  return `${n}日目 ${hh}:${mm}`;
}

function ageBand(birthYear: number | undefined, atIso: string): string | null {
  if (!birthYear) return null;
  const age = new Date(Date.parse(atIso) + JST_MS).getUTCFullYear() - birthYear;
  return `${Math.floor(age / 10) * 10}歳代`;
}

export function deidentifyCase(input: CaseInput): DeidentifiedCase {
  const k = input.consultation;
  const scrub = makeScrubber(input);
  const observations = [...input.observations].sort((a, b) => a.observedAt.localeCompare(b.observedAt));
  const origin = [observations[0]?.observedAt, k.createdAt].filter((t): t is string => !!t).sort()[0] ?? k.createdAt;
  const when = (iso: string) => dayOffset(iso, origin);
  const cited = new Set(k.observationIds);
  const closing = [...k.messages].reverse().find((m) => m.kind === 'close');
  const band = ageBand(input.client.birthYear, k.createdAt);

  const messages: CaseMessage[] = k.messages.map((m) => {
    const text: string[] = [];
    if (m.kind === 'acknowledge') text.push('既読にしました');
    if (m.kind === 'close') text.push('完了にしました');
    if (m.replyKind) text.push(`【${REPLY_KIND_LABEL[m.replyKind]}】`);
    if (m.body) text.push(scrub(m.body));
    if (m.followUp) text.push(`依頼: ${scrub(m.followUp.task)}${m.followUp.dueAt ? `（${when(m.followUp.dueAt)}まで）` : ''}`);
    if (m.feedback) {
      for (const t of m.feedback.tags) text.push(`フィードバック: ${FEEDBACK_LABEL[t]}`);
      if (m.feedback.next) text.push(`次はここも見てください: ${scrub(m.feedback.next)}`);
    }
    if (m.helped !== undefined) text.push(m.helped ? '役に立った' : '役に立たなかった');
    return { when: when(m.createdAt), who: ROLE_WORD[m.role], text };
  });

  return {
    title: `事例: ${CATEGORY_LABEL[k.category]}の相談`,
    client: band ? `${CLIENT}（${band}）` : CLIENT,
    category: CATEGORY_LABEL[k.category],
    urgency: URGENCY_LABEL[k.urgency],
    opened: when(k.createdAt),
    closed: closing ? when(closing.createdAt) : null,
    trend: observations.map((o) => {
      const n = measuredCount(o.news2);
      return {
        when: when(o.observedAt),
        vitals: o.vitals,
        vitalsText: vitalsText(o.vitals),
        news2: n > 0 ? { score: o.news2.score, measured: n } : null,
        signs: o.softSigns.map((s) => SOFT_SIGN_LABEL[s]),
        note: o.note ? scrub(o.note) : null,
        cited: cited.has(o.id),
      };
    }),
    sbar: [
      { label: '状況（I・S）', text: scrub(k.sbar.situation) },
      { label: '背景（B）', text: scrub(k.sbar.background) },
      { label: '判断（A）', text: scrub(k.sbar.assessment) },
      { label: '依頼・提案（R）', text: scrub(k.sbar.request) },
    ].filter((s) => s.text.trim() !== ''),
    messages,
    feedback: k.messages.flatMap((m) =>
      m.feedback ? [...m.feedback.tags.map((t) => FEEDBACK_LABEL[t]), ...(m.feedback.next ? [`次はここも見てください: ${scrub(m.feedback.next)}`] : [])] : [],
    ),
    helped: closing?.helped ?? null,
  };
}
