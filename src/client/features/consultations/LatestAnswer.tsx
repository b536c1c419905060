// The nurse's latest answer, first on the carer's screen: its kind as a heading in its colour,
// the text, the follow-up tasks with their due time and the button that does each. 救急要請を
// is drawn edge to edge with the 119 guidance and the client's emergency plan.
import { useLingui } from '@lingui/react/macro';
import type { MessageInput } from '../../../shared/schemas.js';
import type { LocalConsultation, LocalMessage } from '../../db/db.js';
import { feedbackLabel } from '../../i18n/clinical.js';
import { replyKindLabel } from '../../i18n/labels.js';
import { MessageBody } from '../../i18n/MessageText.js';
import { whenIn } from '../../i18n/when.js';
import { WrittenText } from '../../i18n/WrittenText.js';
import { FollowUpTasks } from './CarerActions.js';
import './answer.css';
import { useMinuteClock } from '../../hooks/use-minute-clock.js';

export function LatestAnswer(props: {
  consultation: LocalConsultation;
  answer: LocalMessage;
  emergencyPlan: string | undefined;
  onDone: (m: MessageInput) => Promise<void>;
}) {
  const { t, i18n } = useLingui();
  const now = useMinuteClock();
  const { answer: m, consultation: k } = props;
  const kind = m.replyKind;
  const emergency = kind === 'call_ambulance';
  return (
    <section aria-labelledby="answer-h" className={`answer answer-${kind ?? 'plain'}${emergency ? ' answer-emergency' : ''}`}>
      <h2 id="answer-h" className="answer-kind">
        {kind ? replyKindLabel(kind, i18n) : t`看護師からの回答`}
      </h2>
      {emergency && (
        <div className="answer-119">
          <p>
            <strong>{t`すぐに 119 番へ電話してください。`}</strong>{' '}
            {t`電話では「救急です」と伝え、住所と利用者の様子を話します。利用者のそばを離れないでください。`}
          </p>
          <a href="tel:119" className="button primary">
            {t`119番に電話する`}
          </a>
          {props.emergencyPlan && (
            <p>
              <strong>{t`緊急時の取り決め:`}</strong> {props.emergencyPlan}
            </p>
          )}
        </div>
      )}
      <MessageBody message={m} className="body" />
      <p className="meta">
        <span>{m.authorName ?? t`看護師`}</span>
        <span>{whenIn(m.createdAt, i18n.locale, now)}</span>
      </p>
      {k.status !== 'closed' && <FollowUpTasks consultation={k} onDone={props.onDone} />}
      {m.feedback && (
        <div className="feedback">
          {m.feedback.tags.map((tag) => (
            <p key={tag}>★ {feedbackLabel(tag, i18n)}</p>
          ))}
          {m.feedback.next && <WrittenText text={m.feedback.next} lang={m.lang} ruby={m.nextRuby} prefix={t`次はここも見てください:`} />}
        </div>
      )}
    </section>
  );
}
