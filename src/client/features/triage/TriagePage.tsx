// 相談一覧: the nurse's queue, most urgent first.
import { useState } from 'react';
import { Link } from 'wouter';
import { CATEGORY_LABEL, URGENCY_LABEL } from '../../../shared/codes.js';
import { formatWaited } from '../../ui/format.js';
import { UrgencyBadge } from '../../ui/UrgencyBadge.js';
import { useTriageQuery } from './queries.js';

const STATUS_TEXT = { open: '未読', acknowledged: '既読', answered: '回答済み', closed: '完了' } as const;

export function TriagePage({ orgId }: { orgId: string }) {
  const [filter, setFilter] = useState<'open' | 'all'>('open');
  const rows = useTriageQuery(orgId, filter);
  return (
    <main className="page">
      <h1>相談一覧</h1>
      <div className="segmented" role="group" aria-label="表示する相談">
        <button type="button" aria-pressed={filter === 'open'} onClick={() => setFilter('open')}>
          対応中
        </button>
        <button type="button" aria-pressed={filter === 'all'} onClick={() => setFilter('all')}>
          すべて
        </button>
      </div>
      {rows === undefined ? (
        <p>読み込み中…</p>
      ) : rows.length === 0 ? (
        <p className="muted">いま対応が必要な相談はありません。</p>
      ) : (
        <ul className="list">
          {rows.map(({ consultation: k, score, redFlag }) => (
            <li key={k.id} className={`card triage ${k.status === 'open' ? 'unread' : ''}`}>
              <Link href={`/consultations/${k.id}`} className="row-link">
                {k.client.name}
              </Link>
              <div className="meta">
                <UrgencyBadge code={k.urgency} label={URGENCY_LABEL[k.urgency]} />
                <span>{CATEGORY_LABEL[k.category]}</span>
                {score !== null && <span>NEWS2 {score}点{redFlag ? '（3点の項目あり）' : ''}</span>}
                <span>待ち {formatWaited(k.createdAt)}</span>
                <span className="status">{STATUS_TEXT[k.status]}</span>
              </div>
              <p className="clip">{k.sbar.situation}</p>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
