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
        <table className="audit">
          <thead>
            <tr>
              <th scope="col">日時</th>
              <th scope="col">職員</th>
              <th scope="col">操作</th>
              <th scope="col">対象</th>
              <th scope="col">結果</th>
            </tr>
          </thead>
          <tbody>
            {audit.data.map((a) => (
              <tr key={a.id}>
                <td>{formatWhen(a.at)}</td>
                <td>{a.userName ?? a.userId ?? '—'}</td>
                <td>{ACTION[a.action] ?? a.action}</td>
                <td>
                  {a.entityType}
                  {a.entityId ? ` ${a.entityId.slice(0, 8)}` : ''}
                </td>
                <td>{a.status}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
