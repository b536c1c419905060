// A client's page: first what needs the carer now — answers not opened yet and the nurse's open
// follow-up tasks — then start an observation or a consultation; then everything recorded about
// the client — observations, consultations and their messages — in one list, newest first.
import { useLingui } from '@lingui/react/macro';
import { memo, useState } from 'react';
import { Link } from 'wouter';
import { DELIVERY_STEPS, deliveryStep } from '../../../shared/status.js';
import type { Session } from '../../../shared/schemas.js';
import type { LocalConsultation, LocalObservation } from '../../db/db.js';
import { categoryLabel, deliveryLabel, replyKindLabel, requestKindLabel, urgencyLabel } from '../../i18n/labels.js';
import { whenIn } from '../../i18n/when.js';
import { MessageBody } from '../../i18n/MessageText.js';
import { Written, WrittenIn, WrittenText } from '../../i18n/WrittenText.js';
import { Stepper } from '../../ui/Stepper.js';
import { ObservationPhoto } from '../../ui/ObservationPhoto.js';
import { UrgencyBadge } from '../../ui/UrgencyBadge.js';
import { signLabel } from '../../i18n/labels.js';
import { TermLabel } from '../../i18n/TermLabel.js';
import { VitalsSummary } from '../../ui/VitalsSummary.js';
import { useAfterFirstPaint } from '../../hooks/use-after-first-paint.js';
import { ClientExportLinks } from './ClientExportLinks.js';
import { openFollowUps } from './client-page-queries.js';
import { useClientQuery, useClientTimelineQuery, useClientUnreadAnswers, type UnreadAnswer } from './queries.js';
import { UsualValuesForm } from './UsualValuesForm.js';
import './clients.css';
import { useMinuteClock } from '../../hooks/use-minute-clock.js';
import { mayExportRecords, mayOpenConsultation, mayRecordObservation, maySetUsualValues, relationOf, seesRecords } from '../../../shared/access-rules.js';

const PAGE = 20;
/**
 * Cards in the page's first frame: what a phone's screen shows above the fold. The rest of the
 * page of PAGE follows right after that frame has painted, so the card just saved (on top)
 * appears without waiting for twenty cards to be built and laid out (issue 14, save ≤ 50 ms).
 * styles.css draws these cards whole in that frame (its `.timeline` rule names the same 4).
 */
export const FIRST_FRAME_CARDS = 4;

/**
 * `covered`: kept out of the document under the observation form (app/ClientRoute.tsx); the
 * page then holds only its first frame's cards and reads nothing, so that the frames showing it after 保存 lay out no more than a freshly
 * opened page's first frame.
 */
export function ClientPage({ clientId, session, covered = false }: { clientId: string; session: Session; covered?: boolean }) {
  const { t, i18n } = useLingui();
  const now = useMinuteClock();
  const client = useClientQuery(clientId, covered);
  const [shown, setShown] = useState(PAGE);
  const timeline = useClientTimelineQuery(clientId, shown, covered);
  const unread = useClientUnreadAnswers(clientId, covered);
  const whole = useAfterFirstPaint(covered);
  if (client === undefined || timeline === undefined) return <main className="page">{t`読み込み中…`}</main>;
  if (!client) {
    return (
      <main className="page">
        <p>{t`この利用者は見つかりません。`}</p>
      </main>
    );
  }
  // What the server will accept from this reader (a serving station's admin sees the client, not its records).
  const relation = relationOf(session.user.orgId, client);
  const role = session.user.role;
  const latest = timeline.observations[0];
  const rest = timeline.observationCount + timeline.consultations.length - shown;
  const tasks = openFollowUps(timeline.consultations);
  const entries = [
    ...timeline.observations.map((o) => ({ at: o.observedAt, o })),
    ...timeline.consultations.map((k) => ({ at: k.updatedAt, k })),
  ].sort((a, b) => b.at.localeCompare(a.at));
  return (
    <main className="page">
      <p>
        <Link href="/clients">{t`← 利用者一覧`}</Link>
      </p>
      <h1>{client.name}</h1>
      {unread.length > 0 && <UnreadAnswers items={unread} />}
      {tasks.length > 0 && (
        <section aria-labelledby="tasks-h" className="tasks">
          <h2 id="tasks-h">{t`看護師からの依頼`}</h2>
          <ul className="list">
            {tasks.map((task) => {
              const due = task.dueAt ? whenIn(task.dueAt, i18n.locale, now) : '';
              const asked = whenIn(task.at, i18n.locale, now);
              return (
                <li key={task.messageId} className="card task">
                  <WrittenIn lang={task.lang} />
                  <Link href={`/consultations/${task.consultationId}`} className="row-link">
                    <span lang={task.lang}>
                      <Written text={task.task} ruby={task.taskRuby} />
                    </span>
                  </Link>
                  <span className="meta">{task.dueAt ? t`${due}まで` : t`${asked}に依頼`}</span>
                </li>
              );
            })}
          </ul>
        </section>
      )}
      <div className="actions">
        {mayRecordObservation(role, relation) && (
          <Link href={`/clients/${clientId}/observe`} className="button primary">
            {t`記録する`}
          </Link>
        )}
        {mayOpenConsultation(role, relation) && (
          <Link href={`/clients/${clientId}/consult${latest ? `?obs=${latest.id}` : ''}`} className="button">
            {t`看護師に相談する`}
          </Link>
        )}
      </div>
      <ClientExportLinks clientId={clientId} session={session} mayExport={mayExportRecords(role, relation)} />
      {maySetUsualValues(role, relation) && <UsualValuesForm client={client} session={session} />}
      <section aria-labelledby="timeline-h">
        <h2 id="timeline-h">{t`これまでの記録と相談`}</h2>
        {!seesRecords(role, relation) ? (
          <p className="muted">{t`この利用者の記録と相談を見られるのは、利用者の事業所の職員と、担当ステーションの看護師です。`}</p>
        ) : entries.length === 0 ? (
          <p className="muted">{t`まだ記録はありません。`}</p>
        ) : (
          <ul className="list timeline">
            {entries.slice(0, whole ? shown : Math.min(shown, FIRST_FRAME_CARDS)).map((e) =>
              'o' in e ? (
                <ObservationItem key={e.o.id} o={e.o} photo={timeline.photos.get(e.o.id)} />
              ) : (
                <ConsultationItem key={e.k.id} k={e.k} />
              ),
            )}
          </ul>
        )}
        {timeline.observationCount + timeline.consultations.length > shown && (
          <button type="button" onClick={() => setShown(shown + PAGE)}>
            {t`もっと見る（残り ${rest}件）`}
          </button>
        )}
      </section>
    </main>
  );
}

/** Answers the carer has not opened yet: each opens its consultation (which marks it read). */
function UnreadAnswers({ items }: { items: UnreadAnswer[] }) {
  const { t, i18n } = useLingui();
  const now = useMinuteClock();
  const n = items.length;
  return (
    <section aria-labelledby="unread-h" className="unread-answers">
      <h2 id="unread-h">{t`回答あり ${n}件`}</h2>
      <ul className="list">
        {items.map(({ consultation: k, answer: m }) => {
          const kind = m.replyKind ? replyKindLabel(m.replyKind, i18n) : t`看護師からの回答`;
          const when = whenIn(m.createdAt, i18n.locale, now);
          return (
            <li key={k.id}>
              <Link href={`/consultations/${k.id}`} className="row-link">
                {t`${kind}（${when}）`}
              </Link>
              <MessageBody message={m} className="clip" />
            </li>
          );
        })}
      </ul>
    </section>
  );
}

// Memoized: the save's commit re-renders the page with one card more; the cards already there
// (the same records, the same photo) are not rendered again in that frame (issue 14). Each card
// listens to the minute clock itself, so its 「5分前」 moves on although its props do not.
const ObservationItem = memo(function ObservationItem({ o, photo }: { o: LocalObservation; photo: Blob | undefined }) {
  const { t, i18n } = useLingui();
  const now = useMinuteClock();
  const when = whenIn(o.observedAt, i18n.locale, now);
  return (
    <li className="card">
      <div className="meta">
        <span>{t`観察記録 · ${when}`}</span>
        <span className={o.synced ? 'status' : 'status pending'}>{deliveryLabel(o.synced ? 'sent' : 'pending', i18n)}</span>
      </div>
      <VitalsSummary vitals={o.vitals} news2={o.news2} />
      {o.softSigns.length > 0 && (
        <p>
          {o.softSigns.map((s, i) => (
            <span key={s}>
              {i > 0 && t`、`}
              <TermLabel term={signLabel(s, i18n)} />
            </span>
          ))}
        </p>
      )}
      {o.note && <WrittenText text={o.note} lang={o.lang} className="note" note />}
      <ObservationPhoto o={o} photo={photo} />
    </li>
  );
});

const ConsultationItem = memo(function ConsultationItem({ k }: { k: LocalConsultation }) {
  const { t, i18n } = useLingui();
  const now = useMinuteClock();
  const when = whenIn(k.createdAt, i18n.locale, now);
  const category = categoryLabel(k.category, i18n);
  const step = deliveryStep(k.status, k.synced);
  const lastReply = [...k.messages].reverse().find((m) => m.kind === 'message' && m.role === 'nurse');
  return (
    <li className="card">
      <div className="meta">
        <span>{t`相談 · ${when}`}</span>
        <UrgencyBadge code={k.urgency} label={urgencyLabel(k.urgency, i18n)} />
      </div>
      <Link href={`/consultations/${k.id}`} className="row-link">
        {t`${category}の相談`}
      </Link>
      {/* The Japanese draft is the nurse's: a reader of another language sees what was asked, by its code. */}
      {i18n.locale === 'ja' || (k.sbar.lang?.situation !== undefined && !k.sbar.lang.situation.startsWith('ja')) ? (
        <WrittenText text={withoutGreeting(k.sbar.situation)} lang={k.sbar.lang?.situation} className="clip" />
      ) : (
        k.requestKind && <p className="clip">{requestKindLabel(k.requestKind, i18n)}</p>
      )}
      <Stepper steps={DELIVERY_STEPS.map((s) => deliveryLabel(s, i18n))} current={DELIVERY_STEPS.indexOf(step)} label={t`相談の状況`} />
      {lastReply && <MessageBody message={lastReply} className="reply" prefix={t`看護師:`} />}
    </li>
  );
});

/** The draft opens with who reports about whom; the list shows what follows. */
function withoutGreeting(situation: string): string {
  const i = situation.indexOf('ご相談です。');
  return i >= 0 ? situation.slice(i + 'ご相談です。'.length).trim() || situation : situation;
}
