// Everything that is not the day's work, one tap from the top bar.
import { useLingui } from '@lingui/react/macro';
import { Link } from 'wouter';
import type { Session } from '../../shared/schemas.js';
import { LanguagePicker } from '../i18n/LanguagePicker.js';
import { refreshPushSubscription } from '../pwa/push.js';

export function MenuPage({ session }: { session: Session }) {
  const { t } = useLingui();
  const name = session.user.name;
  const org = session.org.name;
  const items: [string, string][] = [
    ['/clients', t`利用者一覧`],
    ...(session.user.role === 'nurse' ? [['/', t`相談一覧`] as [string, string]] : [['/feedback', t`看護師からのフィードバック`] as [string, string]]),
    ['/sync', t`送信の状況`],
    ['/account', t`アカウント`],
    ...(session.user.role === 'admin' ? [['/admin', t`管理`] as [string, string]] : []),
    ['/install', t`ホーム画面に追加する`],
  ];
  return (
    <main className="page">
      <h1>{t`メニュー`}</h1>
      <p className="muted">
        {t`${name}（${org}）`}
      </p>
      <ul className="list">
        {items.map(([href, label]) => (
          <li key={href}>
            <Link href={href} className="row-link">
              {label}
            </Link>
          </li>
        ))}
      </ul>
      {/* The server writes this phone's notifications in its language: tell it the new one. */}
      <LanguagePicker onChosen={() => void refreshPushSubscription().catch(() => undefined)} />
    </main>
  );
}
