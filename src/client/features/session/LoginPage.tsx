import { useLingui } from '@lingui/react/macro';
import { useState, type FormEvent } from 'react';
import { useLocation } from 'wouter';
import { useLoginMutation, usePasskeyLoginMutation } from './queries.js';

export function LoginPage({ again }: { again?: boolean }) {
  const { t } = useLingui();
  const [loginId, setLoginId] = useState('');
  const [password, setPassword] = useState('');
  const [show, setShow] = useState(false);
  const [, navigate] = useLocation();
  // Signed in on /login, into the app: the page would otherwise stay and ask the person just
  // signed in to sign in again. Replaced, so that back does not return to it. Anywhere else (a
  // notification's consultation, a client's page opened signed out) the app opens right there.
  const home = () => {
    if (window.location.pathname === '/login') navigate('/', { replace: true });
  };
  const login = useLoginMutation(home);
  const passkey = usePasskeyLoginMutation(home);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    login.mutate({ loginId: loginId.trim(), password });
  };

  return (
    <main className="page narrow">
      <h1>{again ? t`もう一度ログイン` : <span lang="ja">気づき</span>}</h1>
      {again ? (
        <p>{t`安全のため、もう一度ログインしてください。この端末の未送信の記録は消えません。`}</p>
      ) : (
        <p>{t`利用者の「いつもと違う」を記録して、訪問看護師に相談できます。`}</p>
      )}
      <form onSubmit={submit} className="form">
        <label className="field">
          <span>{t`ログインID`}</span>
          <input
            name="loginId"
            autoComplete="username"
            autoCapitalize="none"
            value={loginId}
            onChange={(e) => setLoginId(e.target.value)}
            required
          />
        </label>
        <label className="field">
          <span>{t`パスワード`}</span>
          <input
            name="password"
            type={show ? 'text' : 'password'}
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
        </label>
        <button type="button" className="link" aria-pressed={show} onClick={() => setShow(!show)}>
          {t`パスワードを表示`}
        </button>
        {login.error && (
          <p role="alert" className="error">
            {login.error.message}
          </p>
        )}
        <button type="submit" className="primary" disabled={login.isPending}>
          {t`ログイン`}
        </button>
      </form>
      <section aria-label={t`パスキー`} className="form">
        <button type="button" disabled={passkey.isPending} onClick={() => passkey.mutate()}>
          {t`パスキーでログイン`}
        </button>
        {passkey.error && (
          <p role="alert" className="error">
            {passkey.error.message}
          </p>
        )}
      </section>
    </main>
  );
}
