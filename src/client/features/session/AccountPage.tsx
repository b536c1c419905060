// アカウント: change the password (required after a reset), sign out on every phone.
import { useLingui } from '@lingui/react/macro';
import { useState, type FormEvent } from 'react';
import { useLocation } from 'wouter';
import { logoutEverywhere, useChangePasswordMutation, usePasskeysQuery, useRegisterPasskeyMutation } from './account-queries.js';
import { PASSWORD_MIN } from '../../../shared/schemas.js';
import { signOutAsking, unsentWarning } from './queries.js';

export function AccountPage({ mustChange }: { mustChange?: boolean }) {
  const { t } = useLingui();
  const [, navigate] = useLocation();
  const change = useChangePasswordMutation();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [error, setError] = useState<string | null>(null);
  const passkeys = usePasskeysQuery(!mustChange);
  const register = useRegisterPasskeyMutation();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    change.mutate(
      { currentPassword: current, newPassword: next },
      {
        onSuccess: () => {
          setCurrent('');
          setNext('');
          navigate('/');
        },
      },
    );
  };
  return (
    <main className="page narrow">
      <h1>{mustChange ? t`パスワードを変更してください` : t`アカウント`}</h1>
      {mustChange && <p>{t`管理者が設定した仮のパスワードです。自分だけが知っているパスワードに変えてください。`}</p>}
      <form onSubmit={submit} className="form">
        <label className="field">
          <span>{t`今のパスワード`}</span>
          <input type="password" value={current} onChange={(e) => setCurrent(e.target.value)} autoComplete="current-password" required />
        </label>
        <label className="field">
          <span>{t`新しいパスワード（10文字以上）`}</span>
          <input type="password" value={next} onChange={(e) => setNext(e.target.value)} autoComplete="new-password" minLength={PASSWORD_MIN} required />
        </label>
        {change.error && <p role="alert" className="error">{change.error.message}</p>}
        <button type="submit" className="primary" disabled={change.isPending}>
          {t`パスワードを変更`}
        </button>
      </form>
      {!mustChange && (
        <section aria-labelledby="passkeys-h">
          <h2 id="passkeys-h">{t`パスキー`}</h2>
          <p>{t`指紋や顔認証、画面ロックでログインできます。パスワードより安全です。`}</p>
          {passkeys.data && <p>{t`登録済みのパスキー：${passkeys.data.length}件`}</p>}
          {register.error && <p role="alert" className="error">{register.error.message}</p>}
          {register.isSuccess && <p role="status">{t`パスキーを登録しました。`}</p>}
          <button type="button" disabled={register.isPending} onClick={() => register.mutate()}>
            {t`パスキーを登録`}
          </button>
        </section>
      )}
      {!mustChange && (
        <section aria-labelledby="everywhere-h">
          <h2 id="everywhere-h">{t`すべての端末からログアウト`}</h2>
          <p>{t`スマートフォンをなくしたときなどに使います。この端末の記録も消えます。`}</p>
          {error && <p role="alert" className="error">{error}</p>}
          <button
            type="button"
            onClick={() =>
              void signOutAsking((n) => window.confirm(unsentWarning(n)), logoutEverywhere).then(
                (out) => out && navigate('/'),
                (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
              )
            }
          >
            {t`すべての端末からログアウト`}
          </button>
        </section>
      )}
    </main>
  );
}
