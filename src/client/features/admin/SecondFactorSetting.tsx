// The admin sets the day from which the organization's nurses and admins need a passkey
// (issue 12; the server audits the change as "admin.second-factor").
import { useLingui } from '@lingui/react/macro';
import { useState, type FormEvent } from 'react';
import { useSaveSecondFactorMutation, useSecondFactorSettingQuery } from './queries.js';

/** Today in Japan, YYYY-MM-DD (the day starts at 00:00 Japan time on the server too). */
const todayInJapan = (): string => new Date(Date.now() + 9 * 3600 * 1000).toISOString().slice(0, 10);

export function SecondFactorSetting() {
  const { t } = useLingui();
  const setting = useSecondFactorSettingQuery();
  const save = useSaveSecondFactorMutation();
  // What the admin typed; until then, the saved day.
  const [edited, setDay] = useState<string | null>(null);
  const day = edited ?? setting.data?.requiredFrom ?? '';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(day);
  };
  const soon = day !== '' && day <= todayInJapan();
  return (
    <section aria-labelledby="second-factor-h">
      <h2 id="second-factor-h">{t`パスキーの必須化`}</h2>
      <p>{t`この日から、看護師と管理者はパスワードに加えてパスキーが必要になります（パスキーでログインするか、パスワードのあとにパスキーで確認）。介護職員は対象外です。それまでは、パスキーのない人にお知らせが出ます。`}</p>
      {setting.error && (
        <p role="alert" className="error">
          {setting.error.message}
        </p>
      )}
      <form className="form" onSubmit={submit}>
        <label className="field">
          <span>{t`パスキーを必須にする日`}</span>
          <input type="date" value={day} min="2020-01-01" max="2099-12-31" required onChange={(e) => setDay(e.target.value)} />
        </label>
        {soon && (
          <p className="hint">{t`今日までの日付にすると、パスキーを登録していない看護師と管理者（あなたも含みます）は、すぐにパスキーの登録しかできなくなります。`}</p>
        )}
        {save.error && (
          <p role="alert" className="error">
            {save.error.message}
          </p>
        )}
        {save.isSuccess && <p role="status">{t`パスキーを必須にする日を保存しました。`}</p>}
        <button type="submit" className="primary" disabled={save.isPending || !day}>
          {t`保存`}
        </button>
      </form>
    </section>
  );
}
