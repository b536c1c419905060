import { Link } from 'wouter';
import { useClientsQuery } from './queries.js';

export function ClientListPage() {
  const clients = useClientsQuery();
  return (
    <main className="page">
      <h1>利用者一覧</h1>
      {clients === undefined ? (
        <p>読み込み中…</p>
      ) : clients.length === 0 ? (
        <p>まだ利用者がいません。ネットワークにつながると表示されます。</p>
      ) : (
        <ul className="list">
          {clients.map((c) => (
            <li key={c.id}>
              <Link href={`/clients/${c.id}`} className="row-link">
                {c.name}
              </Link>
              {c.kana && <span className="sub" aria-hidden="true">{c.kana}</span>}
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
