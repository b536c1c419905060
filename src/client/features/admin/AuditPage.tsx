// 監査ログ: who read or wrote which records of this organization's clients, and when.
import { useLingui } from '@lingui/react/macro';
import { formatWhen } from '../../ui/format.js';
import { useAuditQuery } from './queries.js';
import { useMinuteClock } from '../../hooks/use-minute-clock.js';

export function AuditPage() {
  const { t } = useLingui();
  const now = useMinuteClock();
  const audit = useAuditQuery();
  const action: Record<string, string> = { read: t`閲覧`, write: t`書き込み`, admin: t`管理`, logout: t`ログアウト`, login: t`ログイン` };
  return (
    <main className="page">
      <h1>{t`監査ログ`}</h1>
      {audit.error && <p role="alert" className="error">{audit.error.message}</p>}
      {audit.data && (
        // One card per entry, not a table: five columns do not fit a phone at 200 % text.
        <ul className="list audit">
          {audit.data.map((a) => (
            <li key={a.id} className="card">
              <p>
                <strong>{action[a.action] ?? a.action}</strong> {a.userName ?? a.userId ?? '—'}
                <span className="meta"> {formatWhen(a.at, now)}</span>
              </p>
              <p className="meta">
                {t`対象:`} {a.entityType}
                {a.entityId ? ` ${a.entityId.slice(0, 8)}` : ''} ・ {t`結果:`} {a.status}
              </p>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
