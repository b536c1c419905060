// A nurse answers with a kind (助言, 訪問します, …), text (a reply template helps: a code with
// parameters, shared/templates.ts, so each carer reads it in their language), optionally a
// follow-up for the carer (with a due time) and feedback on the noticing. A carer sends a
// follow-up message. Once sent, the form folds away (「続けて書く」 or 「返信を書く」 opens it).
import { useLingui } from '@lingui/react/macro';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import * as z from 'zod/mini';
import { FEEDBACK_TAGS, REPLY_KIND_CODES, type FeedbackTag, type ReplyKind } from '../../../shared/codes.js';
import type { MessageInput } from '../../../shared/schemas.js';
import {
  MessageTemplateSchema,
  REPLY_TEMPLATES,
  TEMPLATE_CODES,
  initialParams,
  renderTemplateJa,
  type MessageTemplate,
  type TemplateCode,
} from '../../../shared/templates.js';
import { replyDraftKey } from '../../db/drafts.js';
import { useDraft } from '../../hooks/use-draft.js';
import { saveErrorText } from '../../i18n/errors.js';
import { feedbackLabel, replyKindLabel } from '../../i18n/labels.js';
import { templateText } from '../../i18n/templates.js';
import { writingLang } from '../../i18n/text-lang.js';
import { TextAreaField } from '../../ui/TextAreaField.js';

// Suggestions only: what the nurse types here is free text.
const FOLLOW_UPS = ['2時間後に再検温', '食事と水分の量を記録', '夕方に血圧を測定'];

const templatesOf = (kind: ReplyKind): TemplateCode[] => TEMPLATE_CODES.filter((c) => REPLY_TEMPLATES[c].kind === kind);

/** The due time of a follow-up: the one chosen, or else the 「2時間後に…」 the task itself says. */
export function followUpDue(task: string, chosenMinutes: string, now: Date): string | undefined {
  const said = /(\d+)\s*時間後/.exec(task);
  const minutes = chosenMinutes ? Number(chosenMinutes) : said ? Number(said[1]) * 60 : 0;
  return minutes > 0 ? new Date(now.getTime() + minutes * 60_000).toISOString() : undefined;
}

/**
 * The template a reply carries: the one inserted, as long as the text still starts with its
 * Japanese words (text the nurse rewrote is her own words, not the template any more).
 */
export function templateOf(body: string, inserted: MessageTemplate | null): MessageTemplate | undefined {
  return inserted && body.startsWith(renderTemplateJa(inserted)) ? inserted : undefined;
}

/**
 * Everything the reply form holds, kept on the phone as it is written (PRODUCT.md: a half-filled
 * form survives a reload and an update): a nurse's answer was lost to a reload, and an update
 * could reload the page under it, as nothing marked it unsaved.
 */
interface ReplyDraft {
  body: string;
  kind: ReplyKind;
  code: TemplateCode;
  params: Record<string, number>;
  inserted: MessageTemplate | null;
  followUp: string;
  due: string;
  tags: FeedbackTag[];
  next: string;
}
const EMPTY: ReplyDraft = { body: '', kind: 'advice', code: 'watch', params: initialParams('watch'), inserted: null, followUp: '', due: '', tags: [], next: '' };
const ReplyDraftSchema = z.object({
  body: z.string(),
  kind: z.enum(REPLY_KIND_CODES),
  code: z.enum(TEMPLATE_CODES),
  params: z.record(z.string(), z.number()),
  inserted: z.nullable(MessageTemplateSchema),
  followUp: z.string(),
  due: z.string(),
  tags: z.array(z.enum(FEEDBACK_TAGS)),
  next: z.string(),
});
const parseReplyDraft = (v: unknown): ReplyDraft | null => {
  const r = ReplyDraftSchema.safeParse(v);
  return r.success ? { ...r.data, inserted: r.data.inserted ?? null } : null;
};

export function ReplyForm(props: {
  consultationId: string;
  isNurse: boolean;
  /** Sends the message and deletes the draft `draftKey` in the same transaction. */
  onSend: (m: MessageInput, draftKey: string) => Promise<void>;
  /** Folded after sending; the page opens it again. */
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** Changes each time the page asks to jump here: scroll to the form and focus 返信内容. */
  focusRequest: number;
}) {
  const { consultationId, isNurse, onSend, open, onOpenChange, focusRequest } = props;
  const { t, i18n } = useLingui();
  const formRef = useRef<HTMLFormElement>(null);
  const continueRef = useRef<HTMLButtonElement>(null);
  /**
   * Where the focus goes when the form folds or opens: 返信する and 続けて書く are gone from
   * the page once pressed, and the focus with them (to the page's start, for a keyboard).
   */
  const focusNext = useRef<'continue' | 'text' | null>(null);
  const ids = useId();
  const draft = useDraft<ReplyDraft>(replyDraftKey(consultationId), EMPTY, parseReplyDraft);
  const { due, body, kind, code, params, inserted, followUp, tags, next } = draft.value;
  const update = (patch: Partial<ReplyDraft>) => draft.set({ ...draft.value, ...patch });
  const setDue = (v: string) => update({ due: v });
  const setBody = (v: string) => update({ body: v });
  const setParams = (v: Record<string, number>) => update({ params: v });
  const setFollowUp = (v: string) => update({ followUp: v });
  const setTags = (v: FeedbackTag[]) => update({ tags: v });
  const setNext = (v: string) => update({ next: v });
  /**
   * A number field's text while the nurse types it: kept as typed, not clamped at each key.
   * Clamping 「4」 (on the way to 45) to the minimum 5 made 「55分ほどで訪問します」, and a field
   * cleared to type anew showed 5 at once. `params` follows every whole number typed (clamped);
   * leaving the field shows the value that will be used.
   */
  const [typing, setTyping] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);

  const dueChoices: [string, string][] = [
    ['', t`指定しない`],
    ['30', t`30分後`],
    ['60', t`1時間後`],
    ['120', t`2時間後`],
    ['240', t`4時間後`],
  ];
  const paramLabel = (name: string): string => (name === 'hours' ? t`何時間後` : name === 'minutes' ? t`何分後` : name);

  const chooseKind = (k: ReplyKind) => {
    const first = templatesOf(k)[0];
    update({ kind: k, ...(first ? { code: first, params: initialParams(first) } : {}) });
    setTyping({});
  };
  const chooseTemplate = (c: TemplateCode) => {
    update({ code: c, params: initialParams(c) });
    setTyping({});
  };
  const insertTemplate = () => {
    const template: MessageTemplate = { code, params };
    update({ inserted: template, body: renderTemplateJa(template) });
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const text = body.trim();
    if (!text) return setError(t`返信内容を入力してください。`);
    setError(null);
    const dueAt = followUpDue(followUp, due, new Date());
    const feedback = tags.length || next.trim() ? { tags, ...(next.trim() ? { next: next.trim() } : {}) } : undefined;
    const template = isNurse ? templateOf(text, inserted) : undefined;
    const written = draft.value;
    draft.settle();
    try {
      await onSend(
        {
          kind: 'message',
          body: text,
          // The language the free text (body, task, 「次はここも」) is typed in: the writer's UI language.
          lang: writingLang(i18n.locale),
          ...(isNurse ? { replyKind: kind } : {}),
          ...(template ? { template } : {}),
          ...(isNurse && followUp.trim() ? { followUp: { task: followUp.trim(), ...(dueAt ? { dueAt } : {}) } } : {}),
          ...(isNurse && feedback ? { feedback } : {}),
        },
        draft.metaKey,
      );
    } catch (err) {
      // Not sent: the words stay, on screen and kept on the phone again.
      draft.set(written);
      setError(saveErrorText(err instanceof Error ? err : new Error(String(err)), i18n));
      return;
    }
    draft.reset(EMPTY);
    focusNext.current = 'continue';
    onOpenChange(false);
  };

  useEffect(() => {
    // What was just pressed decides; 返信を書く (focusRequest) only when nothing here was.
    const next = focusNext.current;
    focusNext.current = null;
    if (next === 'continue') continueRef.current?.focus();
    else if (next === 'text' || focusRequest > 0) formRef.current?.querySelector('textarea')?.focus();
  }, [focusRequest, open]);

  if (!open) {
    return (
      <section aria-label={t`返信`} className="card reply-done">
        <p role="status">{t`返信しました。`}</p>
        <button
          type="button"
          ref={continueRef}
          onClick={() => {
            focusNext.current = 'text';
            onOpenChange(true);
          }}
        >
          {t`続けて書く`}
        </button>
      </section>
    );
  }

  const paramDefs: Record<string, { min: number; max: number }> = REPLY_TEMPLATES[code].params;
  return (
    <form ref={formRef} id="reply-form" aria-label={t`返信`} onSubmit={(e) => void submit(e)} className="form card">
      {draft.restored && <p className="hint">{t`書きかけの内容を戻しました。`}</p>}
      {isNurse && (
        <fieldset role="radiogroup" aria-label={t`返信の種類`}>
          <legend>{t`返信の種類`}</legend>
          <div className="chips">
            {REPLY_KIND_CODES.map((c) => (
              <label key={c} className="chip">
                <input type="radio" name="replyKind" value={c} checked={kind === c} onChange={() => chooseKind(c)} />
                <span>{replyKindLabel(c, i18n)}</span>
              </label>
            ))}
          </div>
        </fieldset>
      )}
      {isNurse && (
        <div className="template-picker">
          {/* Not wrapped in its label: a wrapping label would add the chosen option to the name. */}
          <div className="field">
            <label htmlFor={`${ids}-template`}>{t`定型文`}</label>
            <select id={`${ids}-template`} value={code} onChange={(e) => chooseTemplate(e.target.value as TemplateCode)}>
              {templatesOf(kind).map((c) => (
                <option key={c} value={c}>
                  {templateText({ code: c, params: c === code ? params : initialParams(c) }, i18n)}
                </option>
              ))}
            </select>
          </div>
          {Object.entries(paramDefs).map(([name, def]) => (
            <div key={name} className="field">
              <label htmlFor={`${ids}-${name}`}>{paramLabel(name)}</label>
              <input
                id={`${ids}-${name}`}
                type="number"
                inputMode="numeric"
                min={def.min}
                max={def.max}
                value={typing[name] ?? params[name] ?? def.min}
                onChange={(e) => {
                  const text = e.target.value;
                  setTyping({ ...typing, [name]: text });
                  const v = Math.round(Number(text));
                  if (text.trim() !== '' && Number.isFinite(v)) setParams({ ...params, [name]: Math.min(def.max, Math.max(def.min, v)) });
                }}
                onBlur={() => setTyping(Object.fromEntries(Object.entries(typing).filter(([k]) => k !== name)))}
              />
            </div>
          ))}
          <button type="button" className="link" onClick={insertTemplate}>
            {t`定型文を入れる`}
          </button>
        </div>
      )}
      <TextAreaField label={t`返信内容`} value={body} onChange={setBody} />
      {isNurse && templateOf(body.trim(), inserted) && (
        <p className="muted">{t`定型文は、相談した人の言語で表示されます。続けて書いた文は、書いたとおりに届きます。`}</p>
      )}
      {isNurse && (
        <>
          <label className="field">
            <span>{t`お願いしたいこと（任意）`}</span>
            <input type="text" list="follow-ups" value={followUp} onChange={(e) => setFollowUp(e.target.value)} />
            <datalist id="follow-ups">
              {FOLLOW_UPS.map((f) => (
                <option key={f} value={f} />
              ))}
            </datalist>
          </label>
          <label className="field">
            <span>{t`いつまでに（任意）`}</span>
            <select value={due} onChange={(e) => setDue(e.target.value)}>
              {dueChoices.map(([v, label]) => (
                <option key={v} value={v}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          <fieldset>
            <legend>{t`気づきへのフィードバック（任意）`}</legend>
            {FEEDBACK_TAGS.map((tag) => (
              <label key={tag} className="check">
                <input
                  type="checkbox"
                  checked={tags.includes(tag)}
                  onChange={(e) => setTags(e.target.checked ? [...tags, tag] : tags.filter((x) => x !== tag))}
                />
                <span>{feedbackLabel(tag, i18n)}</span>
              </label>
            ))}
            <label className="field">
              <span>{t`次はここも見てください`}</span>
              <input type="text" value={next} onChange={(e) => setNext(e.target.value)} />
            </label>
          </fieldset>
        </>
      )}
      {error && <p role="alert" className="error">{error}</p>}
      <button type="submit" className="primary">
        {t`返信する`}
      </button>
    </form>
  );
}
