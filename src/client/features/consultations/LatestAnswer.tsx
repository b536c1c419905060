// The nurse's latest answer, first on the carer's screen: its kind as a heading in its colour,
// the text, the follow-up tasks with their due time and the button that does each. 救急要請を
// is drawn edge to edge with the 119 guidance and the client's emergency plan.
import { FEEDBACK_LABEL, REPLY_KIND_LABEL } from '../../../shared/codes.js';
import type { MessageInput } from '../../../shared/schemas.js';
import type { LocalConsultation, LocalMessage } from '../../db/db.js';
import { formatWhen } from '../../ui/format.js';
import { MessageText } from '../../i18n/MessageText.js';
import { FollowUpTasks } from './CarerActions.js';
import './answer.css';

export function LatestAnswer(props: {
  consultation: LocalConsultation;
  answer: LocalMessage;
  emergencyPlan: string | undefined;
  onDone: (m: MessageInput) => Promise<void>;
}) {
  const { answer: m, consultation: k } = props;
  const kind = m.replyKind;
  const emergency = kind === 'call_ambulance';
  return (
    <section aria-labelledby="answer-h" className={`answer answer-${kind ?? 'plain'}${emergency ? ' answer-emergency' : ''}`}>
      <h2 id="answer-h" className="answer-kind">
        {kind ? REPLY_KIND_LABEL[kind] : '看護師からの回答'}
      </h2>
      {emergency && (
        <div className="answer-119">
          <p>
            <strong>すぐに 119 番へ電話してください。</strong> 電話では「救急です」と伝え、住所と利用者の様子を話します。
            利用者のそばを離れないでください。
          </p>
          <a href="tel:119" className="button primary">
            119番に電話する
          </a>
          {props.emergencyPlan && (
            <p>
              <strong>緊急時の取り決め:</strong> {props.emergencyPlan}
            </p>
          )}
        </div>
      )}
      <p className="body"><MessageText message={m} /></p>
      <p className="meta">
        <span>{m.authorName ?? '看護師'}</span>
        <span>{formatWhen(m.createdAt)}</span>
      </p>
      {k.status !== 'closed' && <FollowUpTasks consultation={k} onDone={props.onDone} />}
      {m.feedback && (
        <div className="feedback">
          {m.feedback.tags.map((t) => (
            <p key={t}>★ {FEEDBACK_LABEL[t]}</p>
          ))}
          {m.feedback.next && <p>次はここも見てください: {m.feedback.next}</p>}
        </div>
      )}
    </section>
  );
}
