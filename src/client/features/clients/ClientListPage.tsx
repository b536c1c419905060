import { useLingui } from '@lingui/react/macro';
import { Link } from 'wouter';
import { useClientsQuery, useUnreadAnswerCounts } from './queries.js';
import './clients.css';

export function ClientListPage() {
  const { t } = useLingui();
  const clients = useClientsQuery();
  const unread = useUnreadAnswerCounts();
  return (
    <main className="page">
      <h1>{t`利用者一覧`}</h1>
      {clients === undefined ? (
        <p>{t`読み込み中…`}</p>
      ) : clients.length === 0 ? (
        // Shown only once a sync has answered (useClientsQuery): the phone is not waiting for a
        // network, the organization has no clients yet.
        <p>{t`まだ利用者がいません。管理者が登録すると表示されます。`}</p>
      ) : (
        <ul className="list">
          {clients.map((c) => {
            const n = unread.get(c.id) ?? 0;
            return (
              <li key={c.id} className={n > 0 ? 'client-row has-answer' : 'client-row'}>
                <Link href={`/clients/${c.id}`} className="row-link">
                  {c.name}
                </Link>
                {/* Outside the link: the link's name stays the client's name. */}
                {n > 0 && <span className="answer-badge">{t`回答あり ${n}件`}</span>}
                {c.kana && <span className="sub" aria-hidden="true">{c.kana}</span>}
              </li>
            );
          })}
        </ul>
      )}
    </main>
  );
}
