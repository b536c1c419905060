import { useLingui } from '@lingui/react/macro';
import type { ReactNode } from 'react';
import { Link, useLocation } from 'wouter';
import type { Session } from '../../shared/schemas.js';
import { logout, signOutAsking, unsentWarning } from '../features/session/queries.js';
import { LanguagePicker } from '../i18n/LanguagePicker.js';
import { StatusBar } from './StatusBar.js';
import { UpdatePrompt } from './UpdatePrompt.js';
import { SavedNotice } from '../ui/SavedNotice.js';
import { useSyncState } from './queries.js';
import { usePageFocus } from '../hooks/use-page-focus.js';

// The language (App's LocaleProvider) wraps everything the layout draws, its own words included.
export function Layout({ session, children }: { session: Session | null; children: ReactNode }) {
  const { t } = useLingui();
  const [location, navigate] = useLocation();
  const sync = useSyncState();
  // Signing in or out changes the page at the same URL (ログイン → 相談一覧 at /).
  usePageFocus(`${session?.user.id ?? ''} ${location}`);
  const signOut = async () => {
    if (await signOutAsking((n) => window.confirm(unsentWarning(n)), logout)) navigate('/');
  };
  return (
    <>
      <header className="topbar">
        <Link href="/" className="brand" lang="ja">気づき</Link>
        {/* Signed out (sign-in, first setup): the language is chosen here, before any account. */}
        {!session && <LanguagePicker compact />}
        {session && (
          <nav aria-label={t`メニュー`}>
            {session.user.role === 'nurse' ? <Link href="/">{t`相談一覧`}</Link> : <Link href="/clients">{t`利用者`}</Link>}
            <Link href="/menu">{t`メニュー`}</Link>
            <button type="button" className="link" onClick={() => void signOut()}>
              {t`ログアウト`}
            </button>
          </nav>
        )}
      </header>
      <StatusBar />
      <UpdatePrompt />
      {session && sync.authRequired && (
        <p className="banner" role="alert">
          {t`しばらく使われなかったため（または管理者やほかの端末からログアウトされたため）、ログインし直してください。記録はこの端末に残っています。`}{' '}
          <Link href="/login">{t`もう一度ログイン`}</Link>
        </p>
      )}
      <SavedNotice />
      {children}
    </>
  );
}
