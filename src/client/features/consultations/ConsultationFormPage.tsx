// 看護師に相談する: station, category, urgency (the suggestion preselected), the kind of request
// (a code, tapped) and an I-SBAR-C draft written from the cited observation. The draft is for the
// nurse, in Japanese (src/shared/sbar.ts). A carer who reads Japanese edits it as it is; a carer
// who reads another language sees it from the same codes in their language (SbarPreview) and
// writes only their own words — 評価（A） and 依頼（R） — in their language, stored as written
// with its `lang` (PRODUCT.md "Languages": never translated).
import type { MessageDescriptor } from '@lingui/core';
import { msg } from '@lingui/core/macro';
import { useLingui } from '@lingui/react/macro';
import { useState, type FormEvent } from 'react';
import * as z from 'zod/mini';
import { useLocation } from 'wouter';
import { CATEGORIES, REQUEST_KIND_CODES, URGENCIES, type Category, type RequestKind, type Urgency } from '../../../shared/codes.js';
import { draftSbar, REQUEST_SENTENCE } from '../../../shared/sbar.js';
import type { Client, Organization, Sbar, Session } from '../../../shared/schemas.js';
import { SbarSchema } from '../../../shared/schemas.js';
import { needsEmergencyGuidance, suggestUrgency } from '../../../shared/urgency.js';
import type { LocalObservation } from '../../db/db.js';
import { clientDraftKey } from '../../db/drafts.js';
import { useDraft } from '../../hooks/use-draft.js';
import { saveErrorText } from '../../i18n/errors.js';
import { categoryLabel, requestKindLabel, urgencyLabel } from '../../i18n/labels.js';
import { writingLang } from '../../i18n/text-lang.js';
import { TextAreaField } from '../../ui/TextAreaField.js';
import { useObservationQuery, useSendConsultationMutation, useStationsQuery } from './queries.js';
import { draftObservations } from './nurse-draft.js';
import { SbarPreview } from './SbarPreview.js';
import { sentenceGap } from '../../i18n/locales.js';

export function ConsultationFormPage({ client, session, observationId }: { client: Client; session: Session; observationId?: string }) {
  const { t } = useLingui();
  const observation = useObservationQuery(observationId);
  const stations = useStationsQuery();
  if (observation === undefined || stations === undefined) return <main className="page">{t`読み込み中…`}</main>;
  return <ConsultationForm client={client} session={session} observation={observation} stations={stations} />;
}

type SbarField = Exclude<keyof Sbar, 'lang'>;
type SbarText = Record<SbarField, string>;

interface Draft {
  toOrgId: string;
  category: Category;
  urgency: Urgency;
  /** A Japanese reader's: the whole draft. Another reader's: only A and R are theirs (S and B come from codes). */
  sbar: SbarText;
  requestKind?: RequestKind | undefined;
}
const DraftSchema = z.object({
  toOrgId: z.string(),
  category: z.enum(CATEGORIES),
  urgency: z.enum(URGENCIES),
  sbar: z.object({ situation: z.string(), background: z.string(), assessment: z.string(), request: z.string() }),
  requestKind: z.optional(z.enum(REQUEST_KIND_CODES)),
});
const parseDraft = (v: unknown): Draft | null => {
  const r = DraftSchema.safeParse(v);
  return r.success ? r.data : null;
};

// The GLOSSARY names of the four fields (exact in Japanese).
const SBAR_LABELS: Record<SbarField, MessageDescriptor> = {
  situation: msg`状況（S）`,
  background: msg`背景（B）`,
  assessment: msg`評価（A）`,
  request: msg`依頼（R）`,
};
const SBAR_FIELDS: SbarField[] = ['situation', 'background', 'assessment', 'request'];
const DEFAULT_REQUESTS = new Set(Object.values(REQUEST_SENTENCE));

function ConsultationForm(props: { client: Client; session: Session; observation: LocalObservation | null; stations: Organization[] }) {
  const { client, session, observation, stations } = props;
  const { t, i18n } = useLingui();
  const [, navigate] = useLocation();
  const own = writingLang(i18n.locale);
  const readsJapanese = own === 'ja';
  const cited = observation ? [observation] : [];
  const suggested = suggestUrgency(cited, client.usual);
  const defaultStation = stations.find((s) => client.servedBy.includes(s.id)) ?? stations[0];
  // The nurse's Japanese draft. A note in another language is not pasted into Japanese text:
  // the nurse reads it on the cited observation, marked with its language.
  const japaneseDraft = draftSbar({
    reporter: session.user.name,
    reporterOrg: session.org.name,
    clientName: client.name,
    observations: draftObservations(cited),
  });
  const draft = useDraft<Draft>(
    // A draft begun in Japanese holds Japanese text in every field: another language starts its own.
    clientDraftKey('consultation', client.id, observation?.id ?? 'none', ...(readsJapanese ? [] : [own])),
    {
      toOrgId: defaultStation?.id ?? '',
      category: 'change',
      urgency: suggested,
      sbar: readsJapanese ? japaneseDraft : { ...japaneseDraft, assessment: '', request: '' },
    },
    parseDraft,
  );
  const { toOrgId, category, urgency, sbar, requestKind } = draft.value;
  const update = (patch: Partial<Draft>) => draft.set({ ...draft.value, ...patch });
  const [problem, setProblem] = useState<string | null>(null);
  const send = useSendConsultationMutation(session);

  const chooseKind = (kind: RequestKind | undefined) => {
    // A Japanese reader's R that still says what the app wrote follows the kind chosen.
    const untouched = readsJapanese && DEFAULT_REQUESTS.has(sbar.request.trim());
    update({ requestKind: kind, ...(untouched ? { sbar: { ...sbar, request: REQUEST_SENTENCE[kind ?? 'advice'] } } : {}) });
  };

  /** What is sent: a Japanese reader's text as edited; another reader's own words with their language, the rest from codes. */
  const toSend = (): Sbar => {
    if (readsJapanese) return { ...sbar, lang: { situation: 'ja', background: 'ja', assessment: 'ja', request: 'ja' } };
    const assessment = sbar.assessment.trim();
    const request = sbar.request.trim();
    return {
      situation: japaneseDraft.situation,
      background: japaneseDraft.background,
      assessment: assessment || japaneseDraft.assessment,
      request: request || REQUEST_SENTENCE[requestKind ?? 'advice'],
      lang: { situation: 'ja', background: 'ja', assessment: assessment ? own : 'ja', request: request ? own : 'ja' },
    };
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!toOrgId) return setProblem(t`相談先を選んでください。`);
    const parsed = SbarSchema.safeParse(toSend());
    if (!parsed.success) return setProblem(t`「状況（S）」と「依頼（R）」を入力してください。`);
    setProblem(null);
    draft.settle();
    send.mutate(
      {
        input: {
          clientId: client.id,
          toOrgId,
          observationIds: cited.map((o) => o.id),
          category,
          urgency,
          sbar: parsed.data,
          ...(requestKind ? { requestKind } : {}),
        },
        clientName: client.name,
        draftKey: draft.metaKey,
      },
      {
        onSuccess: (k) => navigate(`/consultations/${k.id}`),
        onError: () => draft.set(draft.value),
      },
    );
  };

  const name = client.name;
  const suggestedLabel = urgencyLabel(suggested, i18n);
  const editable = readsJapanese ? SBAR_FIELDS : (['assessment', 'request'] as const);
  return (
    <main className="page">
      <h1>{t`看護師に相談`}</h1>
      <p>{t`${name}さんについて`}</p>
      {needsEmergencyGuidance(cited) && (
        <div role="alert" className="emergency">
          {/* Three sentences: a space between them only in languages written with spaces. */}
          <strong>{t`NEWS2 が 7 点以上です。`}</strong>
          {sentenceGap(i18n.locale) + t`命に関わる状態かもしれません。迷ったら 119 番へ。`}
          {sentenceGap(i18n.locale) + t`利用者の緊急時の取り決めに従ってください。`}
          {client.emergencyPlan && (
            <p>
              <strong>{t`緊急時の取り決め:`}</strong> {client.emergencyPlan}
            </p>
          )}
        </div>
      )}
      <form onSubmit={submit} className="form" noValidate>
        <label className="field">
          <span>{t`相談先`}</span>
          <select value={toOrgId} onChange={(e) => update({ toOrgId: e.target.value })}>
            {stations.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t`分類`}</span>
          <select value={category} onChange={(e) => update({ category: e.target.value as Category })}>
            {CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {categoryLabel(c, i18n)}
              </option>
            ))}
          </select>
        </label>
        <div className="field">
          <label htmlFor="urgency">{t`緊急度`}</label>
          <select id="urgency" value={urgency} onChange={(e) => update({ urgency: e.target.value as Urgency })} aria-describedby="urgency-hint">
            {URGENCIES.map((u) => (
              <option key={u} value={u}>
                {urgencyLabel(u, i18n)}
              </option>
            ))}
          </select>
          <span id="urgency-hint" className="hint">
            {t`記録からの目安: ${suggestedLabel}`}
          </span>
        </div>
        <fieldset role="radiogroup" aria-label={t`看護師にしてほしいこと`}>
          <legend>{t`看護師にしてほしいこと`}</legend>
          {REQUEST_KIND_CODES.map((k) => (
            <label key={k} className="check">
              <input type="radio" name="requestKind" value={k} checked={requestKind === k} onChange={() => chooseKind(k)} />
              <span>{requestKindLabel(k, i18n)}</span>
            </label>
          ))}
          {requestKind && (
            <button type="button" className="link" onClick={() => chooseKind(undefined)}>
              {t`選択を外す`}
            </button>
          )}
        </fieldset>
        {!readsJapanese && <SbarPreview clientName={client.name} observations={cited} requestKind={requestKind} />}
        {editable.map((key) => (
          <TextAreaField
            key={key}
            label={i18n._(SBAR_LABELS[key])}
            rows={key === 'situation' ? 4 : 3}
            value={sbar[key]}
            onChange={(v) => update({ sbar: { ...sbar, [key]: v } })}
          />
        ))}
        {!readsJapanese && <p className="hint">{t`空欄のところは、記録から作った日本語の文が届きます。`}</p>}
        {problem && (
          <p role="alert" className="error">
            {problem}
          </p>
        )}
        {send.error && (
          <p role="alert" className="error">
            {saveErrorText(send.error, i18n)}
          </p>
        )}
        <div className="bottom-bar">
          <button type="submit" className="primary" disabled={send.isPending}>
            {t`相談を送る`}
          </button>
        </div>
      </form>
    </main>
  );
}
