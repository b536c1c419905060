// A nurse of a serving station sets the client's usual values and SpO2 scale. Each change is
// kept on the server with who and when; the latest is shown here.
import { useState, type FormEvent } from 'react';
import type { Client, Session, UsualValuesInput } from '../../../shared/schemas.js';
import { UsualValuesInputSchema } from '../../../shared/schemas.js';
import { formatWhen } from '../../ui/format.js';
import { useSaveUsualValuesMutation } from './client-page-queries.js';

const FIELDS = [
  ['temperature', 'いつもの体温', '℃'],
  ['systolic', 'いつもの血圧（上）', 'mmHg'],
  ['diastolic', 'いつもの血圧（下）', 'mmHg'],
  ['pulse', 'いつもの脈拍', '回/分'],
  ['spo2', 'いつものSpO2', '%'],
] as const;
type Key = (typeof FIELDS)[number][0];

export function UsualValuesForm({ client, session }: { client: Client; session: Session }) {
  const [text, setText] = useState<Record<Key, string>>(() => ({
    temperature: client.usual?.temperature?.toString() ?? '',
    systolic: client.usual?.systolic?.toString() ?? '',
    diastolic: client.usual?.diastolic?.toString() ?? '',
    pulse: client.usual?.pulse?.toString() ?? '',
    spo2: client.usual?.spo2?.toString() ?? '',
  }));
  const [scale, setScale] = useState<1 | 2>(client.spo2Scale);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const save = useSaveUsualValuesMutation(session);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const raw: Record<string, unknown> = { spo2Scale: scale };
    for (const [k] of FIELDS) if (text[k].trim()) raw[k] = Number(text[k].trim());
    const parsed = UsualValuesInputSchema.safeParse(raw);
    if (!parsed.success) return setError('値の範囲を確認してください。');
    const input: UsualValuesInput = parsed.data;
    setError(null);
    save.mutate({ clientId: client.id, input }, { onSuccess: () => setSaved(true) });
  };

  return (
    <details className="card">
      <summary>いつもの値（看護師が設定）</summary>
      {client.usual && (
        <p className="muted">
          最終更新: {client.usual.updatedByName ?? ''} {formatWhen(client.usual.updatedAt)}
        </p>
      )}
      <form onSubmit={submit} className="form" noValidate>
        <div className="vitals-grid">
          {FIELDS.map(([k, label, unit]) => (
            <label key={k} className="field">
              <span>{label}</span>
              <span className="with-unit">
                <input
                  type="text"
                  inputMode={k === 'temperature' ? 'decimal' : 'numeric'}
                  value={text[k]}
                  onChange={(e) => {
                    setSaved(false);
                    setText({ ...text, [k]: e.target.value });
                  }}
                />
                <span className="unit" aria-hidden="true">{unit}</span>
              </span>
            </label>
          ))}
        </div>
        <fieldset role="radiogroup" aria-label="SpO2 の評価尺度">
          <legend>SpO2 の評価尺度</legend>
          {([1, 2] as const).map((s) => (
            <label key={s} className="check">
              <input type="radio" name="spo2Scale" checked={scale === s} onChange={() => setScale(s)} />
              <span>{s === 1 ? 'スケール1（通常）' : 'スケール2（高二酸化炭素血症の方）'}</span>
            </label>
          ))}
        </fieldset>
        {error && <p role="alert" className="error">{error}</p>}
        {saved && <p role="status">保存しました。</p>}
        <button type="submit">いつもの値を保存</button>
      </form>
    </details>
  );
}
