// 看護師からのフィードバック: what nurses said about the noticing — the value of the work.
import { useLingui } from '@lingui/react/macro';
import { Link } from 'wouter';
import { feedbackLabel } from '../../i18n/clinical.js';
import { whenIn } from '../../i18n/when.js';
import { WrittenText } from '../../i18n/WrittenText.js';
import { SentBy } from '../../ui/SentBy.js';
import { useFeedbackQuery } from './queries.js';
import { useMinuteClock } from '../../hooks/use-minute-clock.js';

export function FeedbackPage({ orgId, userId }: { orgId: string; userId: string }) {
  const { t, i18n } = useLingui();
  const now = useMinuteClock();
  const items = useFeedbackQuery(orgId);
  return (
    <main className="page">
      <h1>{t`看護師からのフィードバック`}</h1>
      {items === undefined ? (
        <p>{t`読み込み中…`}</p>
      ) : items.length === 0 ? (
        <p className="muted">{t`まだフィードバックはありません。`}</p>
      ) : (
        <ul className="list">
          {items.map(({ consultation: k, message: m }) => {
            const name = k.client.name;
            const author = m.authorName ?? t`看護師`;
            const when = whenIn(m.createdAt, i18n.locale, now);
            return (
              <li key={m.id} className="card">
                <p className="meta">{t`${name}さん · ${author} · ${when}`}</p>
                {k.authorId !== userId && <SentBy authorName={k.authorName} />}
                {/* The whole organization's feedback is listed: hers is marked, so praise finds its carer. */}
                {k.authorId === userId && <p className="mine">{t`あなたが送った相談へのフィードバック`}</p>}
                <div className="feedback">
                  {m.feedback?.tags.map((tag) => (
                    <p key={tag}>★ {feedbackLabel(tag, i18n)}</p>
                  ))}
                  {m.feedback?.next && <WrittenText text={m.feedback.next} lang={m.lang} ruby={m.nextRuby} prefix={t`次はここも見てください:`} />}
                </div>
                <Link href={`/consultations/${k.id}`} className="row-link">
                  {t`相談を開く`}
                </Link>
              </li>
            );
          })}
        </ul>
      )}
    </main>
  );
}
