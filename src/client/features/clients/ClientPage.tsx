// A client's page: first what needs the carer now — answers not opened yet and the nurse's open
// follow-up tasks — then start an observation or a consultation; then everything recorded about
// the client — observations, consultations and their messages — in one list, newest first.
import { useState } from 'react';
import { Link } from 'wouter';
import { CATEGORY_LABEL, REPLY_KIND_LABEL, SOFT_SIGN_LABEL, URGENCY_LABEL } from '../../../shared/codes.js';
import { DELIVERY_LABEL, DELIVERY_STEPS, deliveryStep } from '../../../shared/status.js';
import type { Session } from '../../../shared/schemas.js';
import type { LocalConsultation, LocalObservation } from '../../db/db.js';
import { formatWhen } from '../../ui/format.js';
import { Stepper } from '../../ui/Stepper.js';
import { useObjectUrl } from '../../ui/use-object-url.js';
import { UrgencyBadge } from '../../ui/UrgencyBadge.js';
import { VitalsSummary } from '../../ui/VitalsSummary.js';
import { ClientExportLinks } from './ClientExportLinks.js';
import { openFollowUps } from './client-page-queries.js';
import { useClientQuery, useClientTimelineQuery, useClientUnreadAnswers, type UnreadAnswer } from './queries.js';
import { UsualValuesForm } from './UsualValuesForm.js';
import './clients.css';

const PAGE = 20;

export function ClientPage({ clientId, session }: { clientId: string; session: Session }) {
  const canConsult = session.user.role !== 'nurse';
  const client = useClientQuery(clientId);
  const [shown, setShown] = useState(PAGE);
  const timeline = useClientTimelineQuery(clientId, shown);
  const unread = useClientUnreadAnswers(clientId);
  if (client === undefined || timeline === undefined) return <main className="page">読み込み中…</main>;
  if (!client) {
    return (
      <main className="page">
        <p>この利用者は見つかりません。</p>
      </main>
    );
  }
  const latest = timeline.observations[0];
  const tasks = openFollowUps(timeline.consultations);
  const entries = [
    ...timeline.observations.map((o) => ({ at: o.observedAt, o })),
    ...timeline.consultations.map((k) => ({ at: k.updatedAt, k })),
  ].sort((a, b) => b.at.localeCompare(a.at));
  return (
    <main className="page">
      <p>
        <Link href="/clients">← 利用者一覧</Link>
      </p>
      <h1>{client.name}</h1>
      {unread.length > 0 && <UnreadAnswers items={unread} />}
      {tasks.length > 0 && (
        <section aria-labelledby="tasks-h" className="tasks">
          <h2 id="tasks-h">看護師からの依頼</h2>
          <ul className="list">
            {tasks.map((t) => (
              <li key={t.messageId} className="card task">
                <Link href={`/consultations/${t.consultationId}`} className="row-link">
                  {t.task}
                </Link>
                <span className="meta">
                  {t.dueAt ? `${formatWhen(t.dueAt)}まで` : `${formatWhen(t.at)}に依頼`}
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
      <div className="actions">
        <Link href={`/clients/${clientId}/observe`} className="button primary">
          記録する
        </Link>
        {canConsult && (
          <Link href={`/clients/${clientId}/consult${latest ? `?obs=${latest.id}` : ''}`} className="button">
            看護師に相談する
          </Link>
        )}
      </div>
      <ClientExportLinks clientId={clientId} session={session} />
      {session.user.role === 'nurse' && client.servedBy.includes(session.user.orgId) && (
        <UsualValuesForm client={client} session={session} />
      )}
      <section aria-labelledby="timeline-h">
        <h2 id="timeline-h">これまでの記録と相談</h2>
        {entries.length === 0 ? (
          <p className="muted">まだ記録はありません。</p>
        ) : (
          <ul className="list">
            {entries.slice(0, shown).map((e) =>
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
            もっと見る（残り {timeline.observationCount + timeline.consultations.length - shown}件）
          </button>
        )}
      </section>
    </main>
  );
}

/** Answers the carer has not opened yet: each opens its consultation (which marks it read). */
function UnreadAnswers({ items }: { items: UnreadAnswer[] }) {
  return (
    <section aria-labelledby="unread-h" className="unread-answers">
      <h2 id="unread-h">回答あり {items.length}件</h2>
      <ul className="list">
        {items.map(({ consultation: k, answer: m }) => (
          <li key={k.id}>
            <Link href={`/consultations/${k.id}`} className="row-link">
              {m.replyKind ? REPLY_KIND_LABEL[m.replyKind] : '看護師からの回答'}（{formatWhen(m.createdAt)}）
            </Link>
            <p className="clip">{m.body}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}

function ObservationItem({ o, photo }: { o: LocalObservation; photo: Blob | undefined }) {
  const local = useObjectUrl(photo);
  const src = local ?? (o.photo ? `/api/observations/${o.id}/photo` : null);
  return (
    <li className="card">
      <div className="meta">
        <span>観察記録 · {formatWhen(o.observedAt)}</span>
        <span className={o.synced ? 'status' : 'status pending'}>{o.synced ? '送信済み' : '送信待ち'}</span>
      </div>
      <VitalsSummary vitals={o.vitals} news2={o.news2} />
      {o.softSigns.length > 0 && <p>{o.softSigns.map((s) => SOFT_SIGN_LABEL[s]).join('、')}</p>}
      {o.note && <p className="note">{o.note}</p>}
      {src && <img className="obs-photo" src={src} alt="観察記録の写真" loading="lazy" />}
    </li>
  );
}

function ConsultationItem({ k }: { k: LocalConsultation }) {
  const step = deliveryStep(k.status, k.synced);
  const lastReply = [...k.messages].reverse().find((m) => m.kind === 'message' && m.role === 'nurse');
  return (
    <li className="card">
      <div className="meta">
        <span>相談 · {formatWhen(k.createdAt)}</span>
        <UrgencyBadge code={k.urgency} label={URGENCY_LABEL[k.urgency]} />
      </div>
      <Link href={`/consultations/${k.id}`} className="row-link">
        {CATEGORY_LABEL[k.category]}の相談
      </Link>
      <p className="clip">{withoutGreeting(k.sbar.situation)}</p>
      <Stepper steps={DELIVERY_STEPS.map((s) => DELIVERY_LABEL[s])} current={DELIVERY_STEPS.indexOf(step)} label="相談の状況" />
      {lastReply && <p className="reply">看護師: {lastReply.body}</p>}
    </li>
  );
}

/** The draft opens with who reports about whom; the list shows what follows. */
function withoutGreeting(situation: string): string {
  const i = situation.indexOf('ご相談です。');
  return i >= 0 ? situation.slice(i + 'ご相談です。'.length).trim() || situation : situation;
}
