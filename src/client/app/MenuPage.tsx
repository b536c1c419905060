// Everything that is not the day's work, one tap from the top bar.
import { Link } from 'wouter';
import type { Session } from '../../shared/schemas.js';

export function MenuPage({ session }: { session: Session }) {
  const items: [string, string][] = [
    ['/clients', '利用者一覧'],
    ...(session.user.role === 'nurse' ? [['/', '相談一覧'] as [string, string]] : [['/feedback', '看護師からのフィードバック'] as [string, string]]),
    ['/sync', '送信の状況'],
    ['/account', 'アカウント'],
    ...(session.user.role === 'admin' ? [['/admin', '管理'] as [string, string]] : []),
    ['/install', 'ホーム画面に追加する'],
  ];
  return (
    <main className="page">
      <h1>メニュー</h1>
      <p className="muted">
        {session.user.name}（{session.org.name}）
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
    </main>
  );
}
