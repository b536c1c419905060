import { useState, type FormEvent } from 'react';
import { useLocation } from 'wouter';
import { useLoginMutation, usePasskeyLoginMutation } from './queries.js';

export function LoginPage({ again }: { again?: boolean }) {
  const [loginId, setLoginId] = useState('');
  const [password, setPassword] = useState('');
  const [show, setShow] = useState(false);
  const login = useLoginMutation();
  const passkey = usePasskeyLoginMutation();
  const [, navigate] = useLocation();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    login.mutate({ loginId: loginId.trim(), password }, { onSuccess: () => navigate('/') });
  };

  return (
    <main className="page narrow">
      <h1>{again ? 'もう一度ログイン' : '気づき'}</h1>
      {again ? (
        <p>安全のため、もう一度ログインしてください。この端末の未送信の記録は消えません。</p>
      ) : (
        <p>利用者の「いつもと違う」を記録して、訪問看護師に相談できます。</p>
      )}
      <form onSubmit={submit} className="form">
        <label className="field">
          <span>ログインID</span>
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
          <span>パスワード</span>
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
          パスワードを表示
        </button>
        {login.error && (
          <p role="alert" className="error">
            {login.error.message}
          </p>
        )}
        <button type="submit" className="primary" disabled={login.isPending}>
          ログイン
        </button>
      </form>
      <section aria-label="パスキー" className="form">
        <button type="button" disabled={passkey.isPending} onClick={() => passkey.mutate(undefined, { onSuccess: () => navigate('/') })}>
          パスキーでログイン
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
