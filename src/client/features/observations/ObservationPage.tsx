// The observation form: vital signs (each optional), air or oxygen, consciousness, 「いつもと違う」
// signs, a note. The live NEWS2 score and the distance from the client's usual values stay in
// view while typing. 保存 writes to the phone at once; sending happens in the background.
import { useLingui } from '@lingui/react/macro';
import { useState, type FormEvent, type MouseEvent, type TouchEvent } from 'react';
import { useLocation } from 'wouter';
import * as z from 'zod/mini';
import { CONSCIOUSNESS, SOFT_SIGN_CODES, type Consciousness, type SoftSign } from '../../../shared/codes.js';
import { news2, NEWS2_ATTRIBUTION, measuredCount } from '../../../shared/news2.js';
import { suggestUrgencyFor } from '../../../shared/urgency.js';
import { departures } from '../../../shared/usual.js';
import { departureTextIn, differenceTextIn, oxygenLabel, vitalLabel, vitalUnit } from '../../i18n/clinical.js';
import { savedReasons } from '../../ui/deviation.js';
import { saveErrorText } from '../../i18n/errors.js';
import { consciousnessLabel, signLabel, urgencyLabel } from '../../i18n/labels.js';
import { TermLabel } from '../../i18n/TermLabel.js';
import { writingLang } from '../../i18n/text-lang.js';
import type { Client, Session } from '../../../shared/schemas.js';
import { formatDecimal } from '../../i18n/numbers.js';
import { VITAL_FIELDS, fieldProblem, liveVitals, toVitals, typoFix, type Problem, type VitalKey, type VitalText } from './vitals-form.js';
import { clientDraftKey } from '../../db/drafts.js';
import { useDraft } from '../../hooks/use-draft.js';
import { useFormExit } from '../../hooks/form-exit.js';
import { PhotoPicker } from './PhotoPicker.js';
import { useSaveObservation } from './queries.js';
import { isTapOn } from '../../ui/tap.js';
import { TextAreaField } from '../../ui/TextAreaField.js';
import { announceSaved } from '../../ui/SavedNotice.js';

type Oxygen = 'air' | 'oxygen';

interface Draft {
  text: VitalText;
  consciousness?: Consciousness | undefined;
  /** Air or oxygen; absent = not recorded. */
  oxygen?: Oxygen | undefined;
  signs: SoftSign[];
  note: string;
}
const DraftSchema = z.object({
  text: z.record(z.string(), z.string()),
  consciousness: z.optional(z.enum(CONSCIOUSNESS)),
  oxygen: z.optional(z.enum(['air', 'oxygen'])),
  /** Drafts written before 酸素 became a group had a checkbox. */
  onOxygen: z.optional(z.boolean()),
  signs: z.array(z.enum(SOFT_SIGN_CODES)),
  note: z.string(),
});
const parseDraft = (v: unknown): Draft | null => {
  const r = DraftSchema.safeParse(v);
  if (!r.success) return null;
  const { onOxygen, oxygen, ...rest } = r.data;
  const o = oxygen ?? (onOxygen ? 'oxygen' : undefined);
  return { ...rest, text: rest.text as VitalText, ...(o ? { oxygen: o } : {}) };
};

export function ObservationPage({ client, session }: { client: Client; session: Session }) {
  const [, navigate] = useLocation();
  const exit = useFormExit();
  const { t, i18n } = useLingui();
  // A client on home oxygen: 酸素吸入中 is chosen already (one tap to change).
  const empty: Draft = { text: {}, signs: [], note: '', ...(client.usual?.homeOxygen ? { oxygen: 'oxygen' as const } : {}) };
  const draft = useDraft<Draft>(clientDraftKey('observation', client.id), empty, parseDraft);
  const { text, consciousness, oxygen, signs, note } = draft.value;
  const update = (patch: Partial<Draft>) => draft.set({ ...draft.value, ...patch });
  const [problems, setProblems] = useState<Partial<Record<string, Problem>>>({});
  const [photo, setPhoto] = useState<Blob | null>(null);
  /** The summary of problems appears after a first 保存, not while the carer is still typing. */
  const [tried, setTried] = useState(false);
  const save = useSaveObservation(session);

  const extra = { ...(consciousness ? { consciousness } : {}), ...(oxygen ? { onOxygen: oxygen === 'oxygen' } : {}) };
  const live = liveVitals(text, extra);
  const score = news2(live, client.spo2Scale);
  const measured = measuredCount(score);
  const far = departures(client.usual, live);

  const focusField = (k: string) => document.getElementById(k === 'vitals' ? 'vital-temperature' : `vital-${k}`)?.focus();

  const submit = (e: FormEvent | MouseEvent | TouchEvent) => {
    e.preventDefault();
    const r = toVitals(text, extra);
    // A valid form changes no state here: the tap re-renders nothing before the save (issue 14).
    if (!r.ok) {
      setTried(true);
      setProblems(r.problems);
      const first = VITAL_FIELDS.find((f) => r.problems[f.key]);
      focusField(first?.key ?? 'vitals');
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
          ...(note.trim() ? { note: note.trim(), lang: writingLang(i18n.locale) } : {}),
        },
        spo2Scale: client.spo2Scale,
        ...(photo ? { photo } : {}),
        draftKey: draft.metaKey,
      },
      {
        onSuccess: (saved) => {
          const suggested = suggestUrgencyFor({ news2: saved.news2, softSigns: saved.softSigns, vitals: saved.vitals }, client.usual);
          const path = `/clients/${client.id}`;
          announceSaved({
            path,
            from: `${path}/observe`,
            leaving: true,
            offline: !navigator.onLine,
            ...(suggested !== 'fyi' ? { urgencyLabel: urgencyLabel(suggested, i18n) } : {}),
            reasons: savedReasons(saved, client.usual, i18n),
          });
          // The page with the card (and the notice) first; its URL after that frame.
          exit(() => navigate(path));
        },
        // Not saved: the form stays, with the error; the draft kept on the phone again.
        onError: () => draft.set(draft.value),
      },
    );
  };

  /** The client's usual value beside a new one, with the difference: 「いつも 36.4（+1.2）」 */
  const usualText = (k: VitalKey) => {
    if (k === 'respiratoryRate') return null;
    return differenceTextIn(client.usual, k, live[k], i18n);
  };

  const setField = (k: VitalKey, v: string) => {
    update({ text: { ...text, [k]: v } });
    setProblems((p) => ({ ...p, [k]: fieldProblem(k, v) ?? undefined }));
  };

  const problemKeys = Object.keys(problems).filter((k) => problems[k]);
  const labelOf = (k: string) => {
    const f = VITAL_FIELDS.find((x) => x.key === k);
    return f ? vitalLabel(f.key, i18n) : t`バイタル`;
  };
  const name = client.name;
  const points = score.score;
  const scoreText = measured > 0 ? t`${points}点` : '—';
  const farText = far.map((d) => departureTextIn(d, i18n)).join(t`、`);

  return (
    <main className="page">
      <h1>{t`${name}さんの記録`}</h1>
      {draft.restored && <p className="hint">{t`書きかけの内容を戻しました。`}</p>}
      <div className="score-panel" aria-live="polite">
        <p className={`score${score.redFlag ? ' redflag' : ''}`}>
          {t`NEWS2 目安 ${scoreText}（7項目中 ${measured} 項目）`}
          {score.redFlag && <span>{t`・3点の項目あり`}</span>}
        </p>
        {far.length > 0 && (
          <p className="departure">{t`いつもと違う値: ${farText}`}</p>
        )}
        <small className="muted">{t`${NEWS2_ATTRIBUTION}（目安であり診断ではありません）`}</small>
      </div>
      <form onSubmit={submit} className="form" noValidate>
        <fieldset className="vitals-grid">
          <legend>{t`バイタル（測れたものだけ）`}</legend>
          {VITAL_FIELDS.map((f) => {
            const p = problems[f.key];
            const fix = text[f.key] ? typoFix(f.key, text[f.key] ?? '', (v) => formatDecimal(v, 1, i18n.locale)) : null;
            const usual = usualText(f.key);
            return (
              <div key={f.key} className="field">
                <label htmlFor={`vital-${f.key}`}>{vitalLabel(f.key, i18n)}</label>
                <span className="with-unit">
                  <input
                    id={`vital-${f.key}`}
                    type="text"
                    inputMode={f.mode}
                    autoComplete="off"
                    value={text[f.key] ?? ''}
                    onChange={(e) => setField(f.key, e.target.value)}
                    aria-invalid={p ? true : undefined}
                    aria-describedby={[p ? `${f.key}-msg` : '', usual ? `${f.key}-usual` : ''].filter(Boolean).join(' ') || undefined}
                  />
                  <span className="unit" aria-hidden="true">{vitalUnit(f.key, i18n)}</span>
                </span>
                {p && (
                  <span id={`${f.key}-msg`} className="error">
                    {i18n._(p)}
                  </span>
                )}
                {fix && (
                  <button type="button" className="typo-fix" onClick={() => setField(f.key, fix)}>
                    {t`${fix} ですか？`}
                  </button>
                )}
                {usual && (
                  <span id={`${f.key}-usual`} className="usual">
                    {usual}
                  </span>
                )}
              </div>
            );
          })}
        </fieldset>
        <fieldset role="radiogroup" aria-label={t`酸素`}>
          <legend>{t`酸素`}</legend>
          {(['air', 'oxygen'] as const).map((o) => (
            <label key={o} className="check">
              <input type="radio" name="oxygen" value={o} checked={oxygen === o} onChange={() => update({ oxygen: o })} />
              <span>{oxygenLabel(o, i18n)}</span>
            </label>
          ))}
          {oxygen && (
            <button type="button" className="link" onClick={() => update({ oxygen: undefined })}>
              {t`酸素の選択を外す`}
            </button>
          )}
        </fieldset>
        <fieldset role="radiogroup" aria-label={t`意識`}>
          <legend>{t`意識`}</legend>
          {CONSCIOUSNESS.map((c) => {
            const label = consciousnessLabel(c, i18n);
            return (
            <label key={c} className="check">
              <input
                type="radio"
                name="consciousness"
                value={c}
                checked={consciousness === c}
                onChange={() => update({ consciousness: c })}
              />
              <span>
                <TermLabel term={label} /> <small className="muted">{label.clinical}</small>
              </span>
            </label>
            );
          })}
          {consciousness && (
            <button type="button" className="link" onClick={() => update({ consciousness: undefined })}>
              {t`意識の選択を外す`}
            </button>
          )}
        </fieldset>
        <fieldset>
          <legend>{t`いつもと違う`}</legend>
          <div className="chips">
            {SOFT_SIGN_CODES.map((code) => (
              <label key={code} className="chip">
                <input
                  type="checkbox"
                  checked={signs.includes(code)}
                  onChange={(e) => update({ signs: e.target.checked ? [...signs, code] : signs.filter((x) => x !== code) })}
                />
                <span>
                  <TermLabel term={signLabel(code, i18n)} />
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        <TextAreaField label={t`メモ`} value={note} onChange={(v) => update({ note: v })} />
        <PhotoPicker value={photo} onChange={setPhoto} />
        <div className="bottom-bar">
          {tried && problemKeys.length > 0 && (
            <div role="alert" className="error problems">
              {t`入力内容を確認してください。`}
              {problemKeys.map((k) => {
                const field = labelOf(k);
                const p = problems[k];
                const problem = p ? i18n._(p) : '';
                return (
                  <button key={k} type="button" className="link" onClick={() => focusField(k)}>
                    {t`${field}: ${problem}`}
                  </button>
                );
              })}
            </div>
          )}
          {save.error && (
            <p role="alert" className="error">
              {saveErrorText(save.error, i18n)}
            </p>
          )}
          <button
            type="submit"
            className="primary"
            onClick={(e) => {
              // Saved here rather than by submitting the form: the browser's form submission
              // (autofill reading every field, forcing layouts) cost ~10 ms of each save at 4×
              // throttling (issue 14). Enter in a field clicks this button, so it comes here too.
              e.preventDefault();
              submit(e);
            }}
            onTouchEnd={(e) => {
              if (!isTapOn(e)) return;
              // A finger lifted on 保存 saves at once, and no click follows (ADR 0018 stop 20).
              e.preventDefault();
              submit(e);
            }}
          >
            {t`保存`}
          </button>
        </div>
      </form>
    </main>
  );
}
