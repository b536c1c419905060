// 監査ログ: who read or wrote which records of this organization's clients, and when.
import { formatWhen } from '../../ui/format.js';
import { useAuditQuery } from './queries.js';

const ACTION: Record<string, string> = { read: '閲覧', write: '書き込み', admin: '管理', logout: 'ログアウト', login: 'ログイン' };

export function AuditPage() {
  const audit = useAuditQuery();
  return (
    <main className="page">
      <h1>監査ログ</h1>
      {audit.error && <p role="alert" className="error">{audit.error.message}</p>}
      {audit.data && (
        // One card per entry, not a table: five columns do not fit a phone at 200 % text.
        <ul className="list audit">
          {audit.data.map((a) => (
            <li key={a.id} className="card">
              <p>
                <strong>{ACTION[a.action] ?? a.action}</strong> {a.userName ?? a.userId ?? '—'}
                <span className="meta"> {formatWhen(a.at)}</span>
              </p>
              <p className="meta">
                対象: {a.entityType}
                {a.entityId ? ` ${a.entityId.slice(0, 8)}` : ''} ・ 結果: {a.status}
              </p>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
