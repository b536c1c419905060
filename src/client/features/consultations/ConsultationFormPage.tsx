// 看護師に相談する: station, category, urgency (the suggestion preselected) and an I-SBAR-C
// draft written from the cited observation, which the carer edits before sending.
import { useState, type FormEvent } from 'react';
import * as z from 'zod/mini';
import { useLocation } from 'wouter';
import { CATEGORIES, CATEGORY_LABEL, URGENCIES, URGENCY_LABEL, type Category, type Urgency } from '../../../shared/codes.js';
import { draftSbar } from '../../../shared/sbar.js';
import type { Client, Organization, Sbar, Session } from '../../../shared/schemas.js';
import { SbarSchema } from '../../../shared/schemas.js';
import { needsEmergencyGuidance, suggestUrgency } from '../../../shared/urgency.js';
import type { LocalObservation } from '../../db/db.js';
import { useDraft } from '../../hooks/use-draft.js';
import { useObservationQuery, useSendConsultationMutation, useStationsQuery } from './queries.js';
import { TextAreaField } from '../../ui/TextAreaField.js';

export function ConsultationFormPage({ client, session, observationId }: { client: Client; session: Session; observationId?: string }) {
  const observation = useObservationQuery(observationId);
  const stations = useStationsQuery();
  if (observation === undefined || stations === undefined) return <main className="page">読み込み中…</main>;
  return <ConsultationForm client={client} session={session} observation={observation} stations={stations} />;
}

interface Draft {
  toOrgId: string;
  category: Category;
  urgency: Urgency;
  sbar: Sbar;
}
const DraftSchema = z.object({
  toOrgId: z.string(),
  category: z.enum(CATEGORIES),
  urgency: z.enum(URGENCIES),
  sbar: z.object({ situation: z.string(), background: z.string(), assessment: z.string(), request: z.string() }),
});
const parseDraft = (v: unknown): Draft | null => {
  const r = DraftSchema.safeParse(v);
  return r.success ? r.data : null;
};

const SBAR_FIELDS: [Exclude<keyof Sbar, 'lang'>, string][] = [
  ['situation', '状況（S）'],
  ['background', '背景（B）'],
  ['assessment', '評価（A）'],
  ['request', '依頼（R）'],
];

function ConsultationForm(props: { client: Client; session: Session; observation: LocalObservation | null; stations: Organization[] }) {
  const { client, session, observation, stations } = props;
  const [, navigate] = useLocation();
  const cited = observation ? [observation] : [];
  const suggested = suggestUrgency(cited, client.usual);
  const defaultStation = stations.find((s) => client.servedBy.includes(s.id)) ?? stations[0];
  const draft = useDraft<Draft>(
    `consultation:${client.id}:${observation?.id ?? 'none'}`,
    {
      toOrgId: defaultStation?.id ?? '',
      category: 'change',
      urgency: suggested,
      sbar: draftSbar({
        reporter: session.user.name,
        reporterOrg: session.org.name,
        clientName: client.name,
        observations: cited,
      }),
    },
    parseDraft,
  );
  const { toOrgId, category, urgency, sbar } = draft.value;
  const update = (patch: Partial<Draft>) => draft.set({ ...draft.value, ...patch });
  const [problem, setProblem] = useState<string | null>(null);
  const send = useSendConsultationMutation(session);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!toOrgId) return setProblem('相談先を選んでください。');
    const parsed = SbarSchema.safeParse(sbar);
    if (!parsed.success) return setProblem('「状況（S）」と「依頼（R）」を入力してください。');
    setProblem(null);
    draft.settle();
    send.mutate(
      {
        input: { clientId: client.id, toOrgId, observationIds: cited.map((o) => o.id), category, urgency, sbar: parsed.data },
        clientName: client.name,
        draftKey: draft.metaKey,
      },
      {
        onSuccess: (k) => navigate(`/consultations/${k.id}`),
        onError: () => draft.set(draft.value),
      },
    );
  };

  return (
    <main className="page">
      <h1>看護師に相談</h1>
      <p>{client.name}さんについて</p>
      {needsEmergencyGuidance(cited) && (
        <div role="alert" className="emergency">
          <strong>NEWS2 が 7 点以上です。</strong> 命に関わる状態かもしれません。迷ったら 119 番へ。
          利用者の緊急時の取り決めに従ってください。
          {client.emergencyPlan && (
            <p>
              <strong>緊急時の取り決め:</strong> {client.emergencyPlan}
            </p>
          )}
        </div>
      )}
      <form onSubmit={submit} className="form" noValidate>
        <label className="field">
          <span>相談先</span>
          <select value={toOrgId} onChange={(e) => update({ toOrgId: e.target.value })}>
            {stations.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>分類</span>
          <select value={category} onChange={(e) => update({ category: e.target.value as Category })}>
            {CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {CATEGORY_LABEL[c]}
              </option>
            ))}
          </select>
        </label>
        <div className="field">
          <label htmlFor="urgency">緊急度</label>
          <select id="urgency" value={urgency} onChange={(e) => update({ urgency: e.target.value as Urgency })} aria-describedby="urgency-hint">
            {URGENCIES.map((u) => (
              <option key={u} value={u}>
                {URGENCY_LABEL[u]}
              </option>
            ))}
          </select>
          <span id="urgency-hint" className="hint">記録からの目安: {URGENCY_LABEL[suggested]}</span>
        </div>
        {SBAR_FIELDS.map(([key, label]) => (
          <TextAreaField
            key={key}
            label={label}
            rows={key === 'situation' ? 4 : 3}
            value={sbar[key]}
            onChange={(v) => update({ sbar: { ...sbar, [key]: v } })}
          />
        ))}
        {problem && <p role="alert" className="error">{problem}</p>}
        {send.error && <p role="alert" className="error">保存できませんでした: {send.error.message}</p>}
        <div className="bottom-bar">
          <button type="submit" className="primary" disabled={send.isPending}>
            相談を送る
          </button>
        </div>
      </form>
    </main>
  );
}
