// アカウント: change the password (required after a reset), sign out on every phone.
import { useState, type FormEvent } from 'react';
import { useLocation } from 'wouter';
import { logoutEverywhere, useChangePasswordMutation } from './account-queries.js';

export function AccountPage({ mustChange }: { mustChange?: boolean }) {
  const [, navigate] = useLocation();
  const change = useChangePasswordMutation();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [error, setError] = useState<string | null>(null);
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
      <h1>{mustChange ? 'パスワードを変更してください' : 'アカウント'}</h1>
      {mustChange && <p>管理者が設定した仮のパスワードです。自分だけが知っているパスワードに変えてください。</p>}
      <form onSubmit={submit} className="form">
        <label className="field">
          <span>今のパスワード</span>
          <input type="password" value={current} onChange={(e) => setCurrent(e.target.value)} autoComplete="current-password" required />
        </label>
        <label className="field">
          <span>新しいパスワード（10文字以上）</span>
          <input type="password" value={next} onChange={(e) => setNext(e.target.value)} autoComplete="new-password" required />
        </label>
        {change.error && <p role="alert" className="error">{change.error.message}</p>}
        <button type="submit" className="primary" disabled={change.isPending}>
          パスワードを変更
        </button>
      </form>
      {!mustChange && (
        <section aria-labelledby="everywhere-h">
          <h2 id="everywhere-h">すべての端末からログアウト</h2>
          <p>スマートフォンをなくしたときなどに使います。この端末の記録も消えます。</p>
          {error && <p role="alert" className="error">{error}</p>}
          <button
            type="button"
            onClick={() =>
              void logoutEverywhere().then(
                () => navigate('/'),
                (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
              )
            }
          >
            すべての端末からログアウト
          </button>
        </section>
      )}
    </main>
  );
}
