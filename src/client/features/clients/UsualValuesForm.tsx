// A nurse of a serving station sets the client's usual values and SpO2 scale. Each change is
// kept on the server with who and when; the latest is shown here.
import type { MessageDescriptor } from '@lingui/core';
import { msg } from '@lingui/core/macro';
import { useLingui } from '@lingui/react/macro';
import { useState, type FormEvent } from 'react';
import type { Client, Session, UsualValuesInput } from '../../../shared/schemas.js';
import { UsualValuesInputSchema } from '../../../shared/schemas.js';
import { DEFAULT_DEPARTURE } from '../../../shared/usual.js';
import { madeHere } from '../../db/usual-base.js';
import { parseDecimal } from '../../i18n/numbers.js';
import { whenIn } from '../../i18n/when.js';
import { useMinuteClock } from '../../hooks/use-minute-clock.js';
import { useSaveUsualValuesMutation } from './client-page-queries.js';

const PER_MINUTE = msg({ context: 'unit', message: '回/分' });
const FIELDS = [
  ['temperature', msg`いつもの体温`, '℃'],
  ['systolic', msg`いつもの血圧（上）`, 'mmHg'],
  ['diastolic', msg`いつもの血圧（下）`, 'mmHg'],
  ['pulse', msg`いつもの脈拍`, PER_MINUTE],
  ['spo2', msg`いつものSpO2`, '%'],
] as const satisfies readonly (readonly [string, MessageDescriptor, string | MessageDescriptor])[];
type Key = (typeof FIELDS)[number][0];

/** How far from usual counts as "far" (raises the suggested urgency); empty = the default. */
const BAND_FIELDS = [
  ['temperature', msg`体温（いつもより上）`, '℃'],
  ['pulse', msg`脈拍（上下とも）`, PER_MINUTE],
  ['systolic', msg`血圧（上）（上下とも）`, 'mmHg'],
  ['spo2', msg`SpO2（いつもより下）`, '%'],
] as const satisfies readonly (readonly [string, MessageDescriptor, string | MessageDescriptor])[];
type BandKey = (typeof BAND_FIELDS)[number][0];

const textOf = (client: Client): Record<Key, string> => ({
  temperature: client.usual?.temperature?.toString() ?? '',
  systolic: client.usual?.systolic?.toString() ?? '',
  diastolic: client.usual?.diastolic?.toString() ?? '',
  pulse: client.usual?.pulse?.toString() ?? '',
  spo2: client.usual?.spo2?.toString() ?? '',
});
const bandsOf = (client: Client): Record<BandKey, string> => ({
  temperature: client.usual?.bands?.temperature?.toString() ?? '',
  pulse: client.usual?.bands?.pulse?.toString() ?? '',
  systolic: client.usual?.bands?.systolic?.toString() ?? '',
  spo2: client.usual?.bands?.spo2?.toString() ?? '',
});

export function UsualValuesForm({ client, session }: { client: Client; session: Session }) {
  const { t, i18n } = useLingui();
  const unitText = (u: string | MessageDescriptor) => (typeof u === 'string' ? u : i18n._(u));
  const bandTemp = DEFAULT_DEPARTURE.temperature.toFixed(1);
  const bandPulse = DEFAULT_DEPARTURE.pulse;
  const bandSystolic = DEFAULT_DEPARTURE.systolic;
  const bandSpo2 = DEFAULT_DEPARTURE.spo2;
  const [text, setText] = useState(() => textOf(client));
  const [bands, setBands] = useState(() => bandsOf(client));
  const [homeOxygen, setHomeOxygen] = useState(client.usual?.homeOxygen === true);
  const [scale, setScale] = useState<1 | 2>(client.spo2Scale);
  // A change made elsewhere reaching this phone while the form is open — another nurse's (the
  // refresh after a refused edit, a sync) or hers from another device: it shows those values, said
  // so, not what was typed over older ones — a 保存 would otherwise send them again as if chosen
  // over the newer ones. Her saves from this phone (unsent, or as the server answered them)
  // change nothing here (H15).
  const [shownFrom, setShownFrom] = useState(client.usual?.updatedAt);
  const [replaced, setReplaced] = useState<'other' | 'elsewhere' | null>(null);
  if (client.usual?.updatedAt !== shownFrom) {
    setShownFrom(client.usual?.updatedAt);
    if (client.usual && !madeHere(client.usual)) {
      setText(textOf(client));
      setBands(bandsOf(client));
      setHomeOxygen(client.usual.homeOxygen === true);
      setScale(client.spo2Scale);
      setReplaced(client.usual.updatedBy === session.user.id ? 'elsewhere' : 'other');
    }
  }
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const save = useSaveUsualValuesMutation(session);
  const now = useMinuteClock();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const raw: Record<string, unknown> = { spo2Scale: scale };
    for (const [k] of FIELDS) if (text[k].trim()) raw[k] = parseDecimal(text[k]);
    if (homeOxygen) raw.homeOxygen = true;
    const b: Record<string, number> = {};
    for (const [k] of BAND_FIELDS) if (bands[k].trim()) b[k] = parseDecimal(bands[k]);
    if (Object.keys(b).length) raw.bands = b;
    const parsed = UsualValuesInputSchema.safeParse(raw);
    if (!parsed.success) return setError(t`値の範囲を確認してください。`);
    const input: UsualValuesInput = parsed.data;
    setError(null);
    setReplaced(null);
    save.mutate({ clientId: client.id, input }, { onSuccess: () => setSaved(true) });
  };

  return (
    <details className="card">
      <summary>{t`いつもの値（看護師が設定）`}</summary>
      {client.usual && (
        <p className="muted">
          {t`最終更新:`} {client.usual.updatedByName ?? ''} {whenIn(client.usual.updatedAt, i18n.locale, now)}
        </p>
      )}
      {replaced === 'other' && <p role="status">{t`ほかの看護師が変更した今の値を表示しています。`}</p>}
      {replaced === 'elsewhere' && <p role="status">{t`同じアカウントで、別の端末から変更された今の値を表示しています。`}</p>}
      <form onSubmit={submit} className="form" noValidate>
        <div className="vitals-grid">
          {FIELDS.map(([k, label, unit]) => (
            <label key={k} className="field">
              <span>{i18n._(label)}</span>
              <span className="with-unit">
                <input
                  type="text"
                  inputMode={k === 'temperature' ? 'decimal' : 'numeric'}
                  value={text[k]}
                  onChange={(e) => {
                    setSaved(false);
                    setReplaced(null);
                    setText({ ...text, [k]: e.target.value });
                  }}
                />
                <span className="unit" aria-hidden="true">{unitText(unit)}</span>
              </span>
            </label>
          ))}
        </div>
        <label className="check">
          <input
            type="checkbox"
            checked={homeOxygen}
            onChange={(e) => {
              setSaved(false);
              setHomeOxygen(e.target.checked);
            }}
          />
          <span>{t`在宅酸素を使っている（記録で「酸素吸入中」を最初から選びます）`}</span>
        </label>
        <fieldset>
          <legend>
            {t`「いつもと違う」とみなす幅（空欄は標準: 体温 +${bandTemp}℃、脈拍 ±${bandPulse}、血圧（上） ±${bandSystolic}、SpO2 −${bandSpo2}）`}
          </legend>
          <div className="vitals-grid">
            {BAND_FIELDS.map(([k, label, unit]) => (
              <label key={k} className="field">
                <span>{i18n._(label)}</span>
                <span className="with-unit">
                  <input
                    type="text"
                    inputMode={k === 'temperature' ? 'decimal' : 'numeric'}
                    placeholder={String(k === 'temperature' ? DEFAULT_DEPARTURE[k].toFixed(1) : DEFAULT_DEPARTURE[k])}
                    value={bands[k]}
                    onChange={(e) => {
                      setSaved(false);
                      setBands({ ...bands, [k]: e.target.value });
                    }}
                  />
                  <span className="unit" aria-hidden="true">{unitText(unit)}</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        <fieldset role="radiogroup" aria-label={t`SpO2 の評価尺度`}>
          <legend>{t`SpO2 の評価尺度`}</legend>
          {([1, 2] as const).map((s) => (
            <label key={s} className="check">
              <input type="radio" name="spo2Scale" checked={scale === s} onChange={() => setScale(s)} />
              <span>{s === 1 ? t`スケール1（通常）` : t`スケール2（高二酸化炭素血症の方）`}</span>
            </label>
          ))}
        </fieldset>
        {error && <p role="alert" className="error">{error}</p>}
        {saved && <p role="status">{t`保存しました。`}</p>}
        <button type="submit">{t`いつもの値を保存`}</button>
      </form>
    </details>
  );
}
