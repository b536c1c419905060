// One consultation, answer first. The carer reads the nurse's latest answer (kind, text,
// follow-up tasks) before anything else, then where it stands, the conversation and what was
// sent. The nurse reads what decides the urgency before the prose, then the I-SBAR-C text,
// trends and earlier consultations, and the reply form, one tap away from the top. A nurse
// opening it marks it read.
import { useLingui } from '@lingui/react/macro';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'wouter';
import type { Session } from '../../../shared/schemas.js';
import { applyMessage, DELIVERY_STEPS, deliveryStep } from '../../../shared/status.js';
import type { LocalConsultation } from '../../db/db.js';
import { categoryLabel, deliveryLabel, requestKindLabel, urgencyLabel } from '../../i18n/labels.js';
import { problemText } from '../../i18n/problems.js';
import { formatWhen } from '../../ui/format.js';
import { SentBy } from '../../ui/SentBy.js';
import { Stepper } from '../../ui/Stepper.js';
import { UrgencyBadge } from '../../ui/UrgencyBadge.js';
import { ObservationPhoto } from '../../ui/ObservationPhoto.js';
import { VitalsSummary } from '../../ui/VitalsSummary.js';
import { CloseControl, WithdrawControl } from './CarerActions.js';
import { ClientContext } from './ClientContext.js';
import { DecidingFacts } from './DecidingFacts.js';
import { LatestAnswer } from './LatestAnswer.js';
import { MessageList } from './MessageList.js';
import { ReplyForm } from './ReplyForm.js';
import { SbarView } from './SbarView.js';
import { markAnswerSeen, refreshFromServer, useConsultationQuery, useMessageMutation } from './queries.js';
import './answer.css';
import { useMinuteClock } from '../../hooks/use-minute-clock.js';
import { useOrganizationNames } from '../../hooks/use-organization-names.js';

/**
 * The status with this phone's unsent messages applied (the stored copy changes only when the
 * server answers), so a close or a reply takes effect on screen at once, offline too.
 */
function effectiveStatus(k: LocalConsultation) {
  let status = k.status;
  for (const m of k.messages) {
    if (!m.pending) continue;
    const t = applyMessage(status, m.kind, m.role === 'nurse' ? 'station' : 'provider');
    if (t.ok) status = t.status;
  }
  return status;
}

/** The nurse's newest answer (a nurse's message), if any. */
function latestAnswer(k: LocalConsultation) {
  return [...k.messages].reverse().find((m) => m.kind === 'message' && m.role === 'nurse');
}

export function ConsultationPage({ id, session }: { id: string; session: Session }) {
  const { t, i18n } = useLingui();
  const now = useMinuteClock();
  const data = useConsultationQuery(id);
  const orgNames = useOrganizationNames();
  const message = useMessageMutation(session, id);
  const acked = useRef(false);
  const [openedAt] = useState(() => new Date().toISOString());
  const [replyOpen, setReplyOpen] = useState(true);
  const [focusRequest, setFocusRequest] = useState(0);
  const k = data?.consultation;
  const isNurse = session.user.role === 'nurse';
  const answer = k ? latestAnswer(k) : undefined;

  // The read receipt waits for a sync pass that ended after the page opened: acknowledging a
  // stale 'open' copy (the carer closed it meanwhile) would be refused with 409 and left in
  // the outbox, where it keeps the consultation from being updated on this phone.
  useEffect(() => {
    if (isNurse) refreshFromServer();
  }, [isNurse]);
  const fresh = (data?.syncedAt ?? '') >= openedAt;
  useEffect(() => {
    if (!k || !isNurse || acked.current || !fresh || k.status !== 'open' || !k.synced) return;
    if (k.messages.some((m) => m.kind === 'acknowledge' && m.authorId === session.user.id && m.pending)) return;
    acked.current = true;
    message.mutate({ kind: 'acknowledge' });
  }, [k, isNurse, fresh, message, session.user.id]);

  // The carer has now seen this answer: 「回答あり」 leaves the client list.
  const seenAt = data?.answerSeenAt ?? null;
  useEffect(() => {
    if (isNurse || !answer || (seenAt !== null && seenAt >= answer.createdAt)) return;
    void markAnswerSeen(id, answer.createdAt);
  }, [isNurse, answer, seenAt, id]);

  if (data === undefined) return <main className="page">{t`読み込み中…`}</main>;
  if (!k || !data) return <main className="page"><p>{t`この相談は見つかりません。`}</p></main>;
  const status = effectiveStatus(k);
  const step = deliveryStep(status, k.synced);
  const rejected = data.queued.filter((e) => e.state === 'rejected');
  const send = (input: Parameters<typeof message.mutateAsync>[0]) => message.mutateAsync(input);
  const sendReply = (input: Parameters<typeof message.mutateAsync>[0], draftKey: string) => message.mutateAsync({ ...input, draftKey });
  const isOpen = status !== 'closed';

  const title = (
    <>
      <p className="back">
        <Link href={isNurse ? '/' : `/clients/${k.clientId}`}>{isNurse ? t`← 相談一覧` : t`← 利用者のページ`}</Link>
      </p>
      <h1 className="consult-title">{t`${k.client.name}さんについての相談`}</h1>
    </>
  );
  const errors = rejected.map((e) => (
    <p key={e.seq} role="alert" className="error">
      {t`送信できませんでした: ${e.error ? problemText(e.error, i18n) : ''}`}
    </p>
  ));
  const sbar = (
    <section aria-labelledby="sbar-h" className="card">
      <h2 id="sbar-h">{t`相談内容`}</h2>
      <p className="meta">
        <UrgencyBadge code={k.urgency} label={urgencyLabel(k.urgency, i18n)} />
        <span>{categoryLabel(k.category, i18n)}</span>
        <span>{formatWhen(k.createdAt, now)}</span>
      </p>
      {/* Who asked: the nurse answering knows whom she answers (and whom to call). */}
      <SentBy authorName={k.authorName} orgName={orgNames.get(k.fromOrgId)} />
      {k.suggestedUrgency !== k.urgency && <p className="muted">{t`記録からの目安: ${urgencyLabel(k.suggestedUrgency, i18n)}`}</p>}
      {k.requestKind && <p className="request-kind">{t`依頼の種類: ${requestKindLabel(k.requestKind, i18n)}`}</p>}
      <SbarView sbar={k.sbar} clientName={k.client.name} cited={data.cited} />
    </section>
  );
  const cited =
    data.cited.length > 0 ? (
      <section aria-labelledby="cited-h">
        <h2 id="cited-h">{t`もとの記録`}</h2>
        {data.cited.map((o) => (
          <div key={o.id} className="card">
            <p className="meta">{formatWhen(o.observedAt, now)}</p>
            {/* The signs and the note with the vitals, as on the client page (hazard H12). */}
            <VitalsSummary vitals={o.vitals} news2={o.news2} softSigns={o.softSigns} note={o.note ?? null} {...(o.lang ? { noteLang: o.lang } : {})} />
            <ObservationPhoto o={o} photo={data.photos.get(o.id)} />
          </div>
        ))}
      </section>
    ) : null;

  if (isNurse) {
    return (
      <main className="page consultation">
        {title}
        <DecidingFacts
          consultation={k}
          cited={data.cited}
          client={data.client}
          status={deliveryLabel(step, i18n)}
          onReply={
            isOpen
              ? () => {
                  setReplyOpen(true);
                  setFocusRequest((n) => n + 1);
                }
              : null
          }
        />
        {errors}
        {sbar}
        {cited}
        <MessageList messages={k.messages} selfId={session.user.id} />
        <ClientContext clientId={k.clientId} consultationId={k.id} />
        {isOpen && (
          <>
            <ReplyForm consultationId={k.id} isNurse onSend={sendReply} open={replyOpen} onOpenChange={setReplyOpen} focusRequest={focusRequest} />
            <CloseControl isNurse onClose={(input) => message.mutate(input)} />
          </>
        )}
      </main>
    );
  }

  return (
    <main className="page consultation">
      {title}
      {answer && (
        <LatestAnswer consultation={k} answer={answer} emergencyPlan={data.client?.emergencyPlan} onDone={send} />
      )}
      <section aria-label={t`相談の状況`} className="delivery">
        <p className="current-status">
          {t`状況:`} <strong>{deliveryLabel(step, i18n)}</strong>
        </p>
        <Stepper steps={DELIVERY_STEPS.map((s) => deliveryLabel(s, i18n))} current={DELIVERY_STEPS.indexOf(step)} label={t`相談の状況`} />
        {!answer && isOpen && <p className="muted">{t`看護師の回答を待っています。回答が届くと、ここにいちばん上に表示されます。`}</p>}
      </section>
      {errors}
      <MessageList messages={k.messages} selfId={session.user.id} {...(answer ? { shownAbove: answer.id } : {})} />
      {/* Something to answer: the nurse has replied and waits for the carer (once sent, the
          status is open again and the box goes away). */}
      {status === 'answered' && <ReplyForm consultationId={k.id} isNurse={false} onSend={sendReply} open onOpenChange={() => undefined} focusRequest={0} />}
      {isOpen && answer && <CloseControl isNurse={false} onClose={(input) => message.mutate(input)} />}
      {sbar}
      {cited}
      {/* Before any answer there is nothing to close or rate: the carer may only take it back. */}
      {isOpen && !answer && <WithdrawControl onWithdraw={() => message.mutate({ kind: 'close' })} />}
    </main>
  );
}
