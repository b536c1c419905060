// 看護師からのフィードバック: what nurses said about the noticing — the value of the work.
import { Link } from 'wouter';
import { FEEDBACK_LABEL } from '../../../shared/codes.js';
import { formatWhen } from '../../ui/format.js';
import { useFeedbackQuery } from './queries.js';

export function FeedbackPage({ orgId }: { orgId: string }) {
  const items = useFeedbackQuery(orgId);
  return (
    <main className="page">
      <h1>看護師からのフィードバック</h1>
      {items === undefined ? (
        <p>読み込み中…</p>
      ) : items.length === 0 ? (
        <p className="muted">まだフィードバックはありません。</p>
      ) : (
        <ul className="list">
          {items.map(({ consultation: k, message: m }) => (
            <li key={m.id} className="card">
              <p className="meta">
                {k.client.name}さん · {m.authorName ?? '看護師'} · {formatWhen(m.createdAt)}
              </p>
              <div className="feedback">
                {m.feedback?.tags.map((t) => (
                  <p key={t}>★ {FEEDBACK_LABEL[t]}</p>
                ))}
                {m.feedback?.next && <p>次はここも見てください: {m.feedback.next}</p>}
              </div>
              <Link href={`/consultations/${k.id}`}>相談を開く</Link>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
