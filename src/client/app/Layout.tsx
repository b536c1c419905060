import type { ReactNode } from 'react';
import { Link, useLocation } from 'wouter';
import type { Session } from '../../shared/schemas.js';
import { logout, unsentCount } from '../features/session/queries.js';
import { StatusBar } from './StatusBar.js';
import { UpdatePrompt } from './UpdatePrompt.js';
import { SavedNotice } from '../ui/SavedNotice.js';
import { useSyncState } from './queries.js';

export function Layout({ session, children }: { session: Session | null; children: ReactNode }) {
  const [, navigate] = useLocation();
  const sync = useSyncState();
  const signOut = async () => {
    const n = await unsentCount();
    if (n > 0 && !window.confirm(`まだ送信していない記録が ${n}件 あります。ログアウトするとこの端末から消えます。ログアウトしますか？`)) {
      return;
    }
    await logout();
    navigate('/');
  };
  return (
    <>
      <header className="topbar">
        <Link href="/" className="brand">気づき</Link>
        {session && (
          <nav aria-label="メニュー">
            {session.user.role === 'nurse' ? <Link href="/">相談一覧</Link> : <Link href="/clients">利用者</Link>}
            <Link href="/menu">メニュー</Link>
            <button type="button" className="link" onClick={() => void signOut()}>
              ログアウト
            </button>
          </nav>
        )}
      </header>
      <StatusBar />
      <UpdatePrompt />
      {session && sync.authRequired && (
        <p className="banner" role="alert">
          しばらく使われなかったため（または管理者やほかの端末からログアウトされたため）、ログインし直してください。記録はこの端末に残っています。<Link href="/login">もう一度ログイン</Link>
        </p>
      )}
      <SavedNotice />
      {children}
    </>
  );
}
