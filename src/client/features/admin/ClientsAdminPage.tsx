// 利用者の登録: register the organization's clients and link the stations that serve them.
import { useLingui } from '@lingui/react/macro';
import { useState, type FormEvent } from 'react';
import type { Client, Organization } from '../../../shared/schemas.js';
import { useCareTeamMutation, useOwnClientsQuery, useSaveClientMutation, useStationsQuery } from './queries.js';
import { TextAreaField } from '../../ui/TextAreaField.js';

export function ClientsAdminPage() {
  const { t } = useLingui();
  const clients = useOwnClientsQuery();
  const stations = useStationsQuery();
  return (
    <main className="page">
      <h1>{t`利用者の登録`}</h1>
      <NewClientForm />
      <h2>{t`登録済みの利用者`}</h2>
      {clients.error && <p role="alert" className="error">{clients.error.message}</p>}
      <ul className="list">
        {clients.data?.map((c) => (
          <CareTeamRow key={c.id} client={c} stations={stations} />
        ))}
      </ul>
    </main>
  );
}

function NewClientForm() {
  const { t } = useLingui();
  const save = useSaveClientMutation();
  const [name, setName] = useState('');
  const [kana, setKana] = useState('');
  const [birthYear, setBirthYear] = useState('');
  const [plan, setPlan] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(
      {
        input: {
          name: name.trim(),
          ...(kana.trim() ? { kana: kana.trim() } : {}),
          ...(birthYear.trim() ? { birthYear: Number(birthYear) } : {}),
          ...(plan.trim() ? { emergencyPlan: plan.trim() } : {}),
        },
      },
      {
        onSuccess: () => {
          setName('');
          setKana('');
          setBirthYear('');
          setPlan('');
        },
      },
    );
  };
  return (
    <form onSubmit={submit} className="form card">
      <h2>{t`利用者を登録`}</h2>
      <label className="field">
        <span>{t`氏名`}</span>
        <input value={name} onChange={(e) => setName(e.target.value)} required />
      </label>
      <label className="field">
        <span>{t`ふりがな`}</span>
        <input value={kana} onChange={(e) => setKana(e.target.value)} />
      </label>
      <label className="field">
        <span>{t`生まれた年（西暦）`}</span>
        <input inputMode="numeric" value={birthYear} onChange={(e) => setBirthYear(e.target.value)} />
      </label>
      <TextAreaField label={t`緊急時の取り決め`} value={plan} onChange={setPlan} />
      {save.error && <p role="alert" className="error">{save.error.message}</p>}
      {save.isSuccess && <p role="status">{t`登録しました。`}</p>}
      <button type="submit" className="primary" disabled={save.isPending}>
        {t`利用者を登録`}
      </button>
    </form>
  );
}

function CareTeamRow({ client, stations }: { client: Client; stations: Organization[] }) {
  const { t } = useLingui();
  const save = useCareTeamMutation();
  const [chosen, setChosen] = useState<string[]>(client.servedBy);
  return (
    <li className="card">
      <fieldset>
        <legend>{t`${client.name}さんを担当する訪問看護ステーション`}</legend>
        {stations.map((s) => (
          <label key={s.id} className="check">
            <input
              type="checkbox"
              checked={chosen.includes(s.id)}
              onChange={(e) => setChosen(e.target.checked ? [...chosen, s.id] : chosen.filter((x) => x !== s.id))}
            />
            <span>{s.name}</span>
          </label>
        ))}
      </fieldset>
      <button type="button" onClick={() => save.mutate({ clientId: client.id, stationIds: chosen })}>
        {t`${client.name}さんの担当を保存`}
      </button>
      {save.error && <p role="alert" className="error">{save.error.message}</p>}
      {save.isSuccess && <p role="status">{t`保存しました。`}</p>}
    </li>
  );
}
