// 相談一覧: the nurse's queue, most urgent first (urgency, then NEWS2 and red flag, then waiting).
import { useState } from 'react';
import { Link } from 'wouter';
import { CATEGORY_LABEL, SOFT_SIGN_LABEL, URGENCY_LABEL } from '../../../shared/codes.js';
import { formatWaited } from '../../ui/format.js';
import { UrgencyBadge } from '../../ui/UrgencyBadge.js';
import { useTriageQuery, type TriageFilter } from './queries.js';
import './triage.css';

const STATUS_TEXT = { open: '未読', acknowledged: '既読', answered: '回答済み', closed: '完了' } as const;
const FILTER_TEXT: [TriageFilter, string][] = [
  ['waiting', '未対応'],
  ['answered', '対応中'],
  ['all', 'すべて'],
];

export function TriagePage({ orgId }: { orgId: string }) {
  const [filter, setFilter] = useState<TriageFilter>('waiting');
  const rows = useTriageQuery(orgId, filter);
  return (
    <main className="page">
      <h1>相談一覧</h1>
      <div className="segmented" role="group" aria-label="表示する相談">
        {FILTER_TEXT.map(([f, label]) => (
          <button key={f} type="button" aria-pressed={filter === f} onClick={() => setFilter(f)}>
            {label}
          </button>
        ))}
      </div>
      {rows === undefined ? (
        <p>読み込み中…</p>
      ) : rows.length === 0 ? (
        <p className="muted">ここに表示する相談はありません。</p>
      ) : (
        <ul className="list">
          {rows.map(({ consultation: k, score, redFlag, signs, deciding }) => (
            <li key={k.id} className={`card triage ${k.status === 'open' ? 'unread' : ''}`}>
              <Link href={`/consultations/${k.id}`} className="row-link">
                {k.client.name}
              </Link>
              {deciding && <p className="deciding">{deciding.text}</p>}
              <div className="meta">
                <UrgencyBadge code={k.urgency} label={URGENCY_LABEL[k.urgency]} />
                {k.suggestedUrgency !== k.urgency && <span>目安: {URGENCY_LABEL[k.suggestedUrgency]}</span>}
                <span>{CATEGORY_LABEL[k.category]}</span>
                {score !== null && (
                  <span className={redFlag ? 'redflag' : ''}>
                    NEWS2 {score}点{redFlag ? '（3点の項目あり）' : ''}
                  </span>
                )}
                <span>待ち {formatWaited(k.createdAt)}</span>
                <span className="status">{STATUS_TEXT[k.status]}</span>
              </div>
              {/* The signs, unless they already are the deciding line. */}
              {signs.length > 0 && deciding?.from !== 'signs' && <p className="signs">{signs.map((s) => SOFT_SIGN_LABEL[s]).join('・')}</p>}
              <p className="clip">{k.sbar.situation}</p>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
