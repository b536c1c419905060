// One consultation, for both sides: where it stands, the I-SBAR-C text, the cited
// observations and the messages. A nurse opening it marks it read; either side can reply
// or close it.
import { useEffect, useRef } from 'react';
import { Link } from 'wouter';
import { CATEGORY_LABEL, URGENCY_LABEL } from '../../../shared/codes.js';
import type { Session } from '../../../shared/schemas.js';
import { DELIVERY_LABEL, DELIVERY_STEPS, deliveryStep } from '../../../shared/status.js';
import { formatWhen } from '../../ui/format.js';
import { Stepper } from '../../ui/Stepper.js';
import { UrgencyBadge } from '../../ui/UrgencyBadge.js';
import { VitalsSummary } from '../../ui/VitalsSummary.js';
import { ClientContext } from './ClientContext.js';
import { MessageList } from './MessageList.js';
import { CloseControl, FollowUpTasks } from './CarerActions.js';
import { ReplyForm } from './ReplyForm.js';
import { useConsultationQuery, useMessageMutation } from './queries.js';

export function ConsultationPage({ id, session }: { id: string; session: Session }) {
  const data = useConsultationQuery(id);
  const message = useMessageMutation(session, id);
  const acked = useRef(false);
  const k = data?.consultation;
  const isNurse = session.user.role === 'nurse';

  useEffect(() => {
    if (!k || !isNurse || acked.current || k.status !== 'open' || !k.synced) return;
    if (k.messages.some((m) => m.kind === 'acknowledge' && m.authorId === session.user.id && m.pending)) return;
    acked.current = true;
    message.mutate({ kind: 'acknowledge' });
  }, [k, isNurse, message, session.user.id]);

  if (data === undefined) return <main className="page">読み込み中…</main>;
  if (!k || !data) return <main className="page"><p>この相談は見つかりません。</p></main>;
  const step = deliveryStep(k.status, k.synced);
  const rejected = data.queued.filter((e) => e.state === 'rejected');

  return (
    <main className="page">
      <p>
        <Link href={isNurse ? '/' : `/clients/${k.clientId}`}>{isNurse ? '← 相談一覧' : '← 利用者のページ'}</Link>
      </p>
      <h1>{k.client.name}さんについての相談</h1>
      <p className="meta">
        <UrgencyBadge code={k.urgency} label={URGENCY_LABEL[k.urgency]} />
        <span>{CATEGORY_LABEL[k.category]}</span>
        <span>{formatWhen(k.createdAt)}</span>
      </p>
      {k.suggestedUrgency !== k.urgency && (
        <p className="muted">記録からの目安: {URGENCY_LABEL[k.suggestedUrgency]}</p>
      )}
      <p className="current-status">
        状況: <strong>{DELIVERY_LABEL[step]}</strong>
      </p>
      <Stepper steps={DELIVERY_STEPS.map((s) => DELIVERY_LABEL[s])} current={DELIVERY_STEPS.indexOf(step)} label="相談の状況" />
      {rejected.map((e) => (
        <p key={e.seq} role="alert" className="error">
          送信できませんでした: {e.error?.detail}
        </p>
      ))}
      <section aria-labelledby="sbar-h" className="card">
        <h2 id="sbar-h">相談内容</h2>
        <dl className="sbar">
          <dt>状況（S）</dt>
          <dd>{k.sbar.situation}</dd>
          <dt>背景（B）</dt>
          <dd>{k.sbar.background || '—'}</dd>
          <dt>評価（A）</dt>
          <dd>{k.sbar.assessment || '—'}</dd>
          <dt>依頼（R）</dt>
          <dd>{k.sbar.request}</dd>
        </dl>
      </section>
      {data.cited.length > 0 && (
        <section aria-labelledby="cited-h">
          <h2 id="cited-h">もとの記録</h2>
          {data.cited.map((o) => (
            <div key={o.id} className="card">
              <p className="meta">{formatWhen(o.observedAt)}</p>
              <VitalsSummary vitals={o.vitals} news2={o.news2} />
            </div>
          ))}
        </section>
      )}
      <MessageList messages={k.messages} selfId={session.user.id} />
      {k.status !== 'closed' && (
        <>
          {!isNurse && <FollowUpTasks consultation={k} onDone={(input) => message.mutateAsync(input)} />}
          <ReplyForm isNurse={isNurse} onSend={(input) => message.mutateAsync(input)} />
          <CloseControl isNurse={isNurse} onClose={(input) => message.mutate(input)} />
        </>
      )}
      {isNurse && <ClientContext clientId={k.clientId} consultationId={k.id} />}
    </main>
  );
}
