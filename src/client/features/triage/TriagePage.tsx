// 相談一覧: the nurse's queue, most urgent first (urgency, then NEWS2 and red flag, then waiting).
import { useLingui } from '@lingui/react/macro';
import { useState } from 'react';
import { Link } from 'wouter';
import type { SoftSign } from '../../../shared/codes.js';
import { categoryLabel, signLabel, termText, urgencyLabel } from '../../i18n/labels.js';
import { aside, listed } from '../../i18n/locales.js';
import { formatWaited } from '../../ui/format.js';
import { SentBy } from '../../ui/SentBy.js';
import { UrgencyBadge } from '../../ui/UrgencyBadge.js';
import { useTriageQuery, type TriageFilter } from './queries.js';
import './triage.css';
import { useMinuteClock } from '../../hooks/use-minute-clock.js';
import { useOrganizationNames } from '../../hooks/use-organization-names.js';

export function TriagePage({ orgId }: { orgId: string }) {
  const { t, i18n } = useLingui();
  const now = useMinuteClock();
  const statusText = { open: t`未読`, acknowledged: t`既読`, answered: t`回答済み`, closed: t`完了` } as const;
  const filters: [TriageFilter, string][] = [
    ['waiting', t`未対応`],
    ['answered', t`対応中`],
    ['all', t`すべて`],
  ];
  const sign = (s: SoftSign) => termText(signLabel(s, i18n), i18n.locale);
  const [filter, setFilter] = useState<TriageFilter>('waiting');
  const rows = useTriageQuery(orgId, filter, i18n);
  const orgNames = useOrganizationNames();
  return (
    <main className="page">
      <h1>{t`相談一覧`}</h1>
      <div className="segmented" role="group" aria-label={t`表示する相談`}>
        {filters.map(([f, label]) => (
          <button key={f} type="button" aria-pressed={filter === f} onClick={() => setFilter(f)}>
            {label}
          </button>
        ))}
      </div>
      {rows === undefined ? (
        <p>{t`読み込み中…`}</p>
      ) : rows.length === 0 ? (
        <p className="muted">{t`ここに表示する相談はありません。`}</p>
      ) : (
        <ul className="list">
          {rows.map(({ consultation: k, score, redFlag, signs, deciding }) => (
            <li key={k.id} className={`card triage ${k.status === 'open' ? 'unread' : ''}`}>
              <Link href={`/consultations/${k.id}`} className="row-link">
                {k.client.name}
                {/* In the link's name too, in the reader's words (it was CSS content: 「（未読）」 in every language). */}
                {k.status === 'open' && <span className="unread-word">{aside(i18n.locale, statusText.open)}</span>}
              </Link>
              {deciding && <p className="deciding">{deciding.text}</p>}
              <div className="meta">
                <UrgencyBadge code={k.urgency} label={urgencyLabel(k.urgency, i18n)} />
                {k.suggestedUrgency !== k.urgency && <span>{t`目安: ${urgencyLabel(k.suggestedUrgency, i18n)}`}</span>}
                <span>{categoryLabel(k.category, i18n)}</span>
                {score !== null && (
                  <span className={redFlag ? 'redflag' : ''}>
                    {t`NEWS2 ${score}点`}
                    {redFlag ? t`（3点の項目あり）` : ''}
                  </span>
                )}
                <span>{t`待ち ${formatWaited(k.createdAt, now)}`}</span>
                <span className="status">{statusText[k.status]}</span>
              </div>
              {/* The signs, unless they already are the deciding line. */}
              {signs.length > 0 && deciding?.from !== 'signs' && <p className="signs">{listed(i18n.locale, signs.map(sign))}</p>}
              {/* Whom she would answer (and call), before she opens it. */}
              <SentBy authorName={k.authorName} orgName={orgNames.get(k.fromOrgId)} />
              <p className="clip">{k.sbar.situation}</p>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
