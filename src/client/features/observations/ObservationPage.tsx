// The observation form: vital signs (each optional), consciousness, oxygen, 「いつもと違う」
// signs, a note. 保存 writes to the phone at once; sending happens in the background.
import { useState, type FormEvent } from 'react';
import { useLocation } from 'wouter';
import * as z from 'zod/mini';
import { CONSCIOUSNESS, CONSCIOUSNESS_LABEL, SOFT_SIGN_CODES, SOFT_SIGNS, type Consciousness, type SoftSign } from '../../../shared/codes.js';
import { news2, NEWS2_ATTRIBUTION, measuredCount } from '../../../shared/news2.js';
import { differenceText } from '../../../shared/usual.js';
import type { Client, Session } from '../../../shared/schemas.js';
import { VITAL_FIELDS, fieldProblem, toVitals, typoHint, type VitalKey, type VitalText } from './vitals-form.js';
import { useDraft } from '../../hooks/use-draft.js';
import { PhotoPicker } from './PhotoPicker.js';
import { useSaveObservationMutation } from './queries.js';
import { TextAreaField } from '../../ui/TextAreaField.js';

interface Draft {
  text: VitalText;
  consciousness?: Consciousness;
  onOxygen: boolean;
  signs: SoftSign[];
  note: string;
}
const EMPTY: Draft = { text: {}, onOxygen: false, signs: [], note: '' };
const DraftSchema = z.object({
  text: z.record(z.string(), z.string()),
  consciousness: z.optional(z.enum(CONSCIOUSNESS)),
  onOxygen: z.boolean(),
  signs: z.array(z.enum(SOFT_SIGN_CODES)),
  note: z.string(),
});
const parseDraft = (v: unknown): Draft | null => {
  const r = DraftSchema.safeParse(v);
  return r.success ? { ...r.data, text: r.data.text as VitalText } : null;
};

export function ObservationPage({ client, session }: { client: Client; session: Session }) {
  const [, navigate] = useLocation();
  const draft = useDraft<Draft>(`observation:${client.id}`, EMPTY, parseDraft);
  const { text, consciousness, onOxygen, signs, note } = draft.value;
  const update = (patch: Partial<Draft>) => draft.set({ ...draft.value, ...patch });
  const [problems, setProblems] = useState<Partial<Record<string, string>>>({});
  const [photo, setPhoto] = useState<Blob | null>(null);
  const save = useSaveObservationMutation(session);

  const extra = { ...(consciousness ? { consciousness } : {}), ...(onOxygen ? { onOxygen: true } : {}) };
  const live = toVitals(text, extra);
  const score = live.ok ? news2(live.vitals, client.spo2Scale) : null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const r = toVitals(text, extra);
    if (!r.ok) {
      setProblems(r.problems);
      return;
    }
    draft.settle();
    save.mutate(
      {
        input: {
          clientId: client.id,
          observedAt: new Date().toISOString(),
          vitals: r.vitals,
          softSigns: signs,
          ...(note.trim() ? { note: note.trim() } : {}),
        },
        spo2Scale: client.spo2Scale,
        ...(photo ? { photo } : {}),
        draftKey: draft.metaKey,
      },
      {
        onSuccess: () => navigate(`/clients/${client.id}`),
        // Not saved: keep the draft on the phone again.
        onError: () => draft.set(draft.value),
      },
    );
  };

  /** The client's usual value beside a new one, with the difference: 「いつも 36.4（+1.2）」 */
  const usualText = (k: VitalKey) => {
    if (k === 'respiratoryRate' || !live.ok) return null;
    return differenceText(client.usual, k, live.vitals[k]) ?? (client.usual?.[k] !== undefined && !text[k] ? `いつも ${client.usual[k]}` : null);
  };

  const setField = (k: VitalKey, v: string) => {
    update({ text: { ...text, [k]: v } });
    setProblems((p) => ({ ...p, [k]: fieldProblem(k, v) ?? undefined }));
  };

  return (
    <main className="page">
      <h1>{client.name}さんの記録</h1>
      {draft.restored && <p className="hint">書きかけの内容を戻しました。</p>}
      <form onSubmit={submit} className="form" noValidate>
        <fieldset className="vitals-grid">
          <legend>バイタル（測れたものだけ）</legend>
          {VITAL_FIELDS.map((f) => {
            const p = problems[f.key];
            const hint = text[f.key] ? typoHint(f.key, text[f.key] ?? '') : null;
            return (
              <div key={f.key} className="field">
                <label htmlFor={`vital-${f.key}`}>{f.label}</label>
                <span className="with-unit">
                  <input
                    id={`vital-${f.key}`}
                    type="text"
                    inputMode={f.mode}
                    autoComplete="off"
                    value={text[f.key] ?? ''}
                    onChange={(e) => setField(f.key, e.target.value)}
                    aria-invalid={p ? true : undefined}
                    aria-describedby={p || hint ? `${f.key}-msg` : undefined}
                  />
                  <span className="unit" aria-hidden="true">{f.unit}</span>
                </span>
                {(p || hint) && (
                  <span id={`${f.key}-msg`} className={p ? 'error' : 'hint'}>
                    {p ?? hint}
                  </span>
                )}
                {!p && usualText(f.key) && <span className="usual">{usualText(f.key)}</span>}
              </div>
            );
          })}
        </fieldset>
        <label className="check">
          <input type="checkbox" checked={onOxygen} onChange={(e) => update({ onOxygen: e.target.checked })} />
          <span>酸素吸入中</span>
        </label>
        <fieldset role="radiogroup" aria-label="意識">
          <legend>意識</legend>
          {CONSCIOUSNESS.map((c) => (
            <label key={c} className="check">
              <input
                type="radio"
                name="consciousness"
                value={c}
                checked={consciousness === c}
                onChange={() => update({ consciousness: c })}
              />
              <span>
                {CONSCIOUSNESS_LABEL[c].plain} <small className="muted">{CONSCIOUSNESS_LABEL[c].clinical}</small>
              </span>
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>いつもと違う</legend>
          <div className="chips">
            {SOFT_SIGNS.map(([code, label]) => (
              <label key={code} className="chip">
                <input
                  type="checkbox"
                  checked={signs.includes(code)}
                  onChange={(e) => update({ signs: e.target.checked ? [...signs, code] : signs.filter((x) => x !== code) })}
                />
                <span>{label}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <TextAreaField label="メモ" value={note} onChange={(v) => update({ note: v })} />
        <PhotoPicker value={photo} onChange={setPhoto} />
        {score && measuredCount(score) > 0 && (
          <p className="score" aria-live="polite">
            NEWS2 目安 {score.score}点{score.complete ? '' : `（7項目中 ${measuredCount(score)} 項目）`}
            <small className="muted"> {NEWS2_ATTRIBUTION}</small>
          </p>
        )}
        {Object.values(problems).some(Boolean) && (
          <p role="alert" className="error">入力内容を確認してください。</p>
        )}
        {save.error && <p role="alert" className="error">保存できませんでした: {save.error.message}</p>}
        <div className="bottom-bar">
          <button type="submit" className="primary" disabled={save.isPending}>
            保存
          </button>
        </div>
      </form>
    </main>
  );
}
