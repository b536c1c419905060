import { useLingui } from '@lingui/react/macro';
import type { LocalMessage } from '../../db/db.js';
import { feedbackLabel, replyKindLabel } from '../../i18n/labels.js';
import { MessageBody } from '../../i18n/MessageText.js';
import { formatWhen } from '../../ui/format.js';
import { WrittenText } from '../../i18n/WrittenText.js';
import { splitReportBody } from '../../../shared/reports.js';
import { useMinuteClock } from '../../hooks/use-minute-clock.js';

/**
 * The conversation in order. `shownAbove` is the answer the page already shows at the top: it
 * keeps its place here as one line instead of appearing twice.
 */
export function MessageList({ messages, selfId, shownAbove }: { messages: LocalMessage[]; selfId: string; shownAbove?: string }) {
  const { t, i18n } = useLingui();
  const now = useMinuteClock();
  if (messages.length === 0) return null;
  const firstAnswer = messages.findIndex((m) => m.kind === 'message' && m.role === 'nurse');
  const eventText = (m: LocalMessage, i: number): string => {
    if (m.kind === 'acknowledge') return t`看護師が確認しました（既読）`;
    return (firstAnswer < 0 || firstAnswer > i) && m.role !== 'nurse' ? t`取り下げました` : t`完了にしました`;
  };
  return (
    <section aria-labelledby="messages-h">
      <h2 id="messages-h">{t`やりとり`}</h2>
      <ol className="messages">
        {messages.map((m, i) =>
          m.id === shownAbove ? (
            <li key={m.id} className="msg from-nurse shown-above">
              <p className="meta">
                <span>{m.authorName ?? t`看護師`}</span>
                <span>{formatWhen(m.createdAt, now)}</span>
              </p>
              <p className="event">{t`回答（いちばん上に表示しています）`}</p>
            </li>
          ) : (
          <li key={m.id} className={`msg ${m.role === 'nurse' ? 'from-nurse' : 'from-carer'} ${m.authorId === selfId ? 'mine' : ''}`}>
            <p className="meta">
              <span>{m.authorName ?? (m.role === 'nurse' ? t`看護師` : t`事業所`)}</span>
              <span>{formatWhen(m.createdAt, now)}</span>
              {m.pending && <span className="status pending">{t`未送信`}</span>}
            </p>
            {m.kind === 'message' ? (
              <>
                {m.replyKind && <p className="reply-kind">{replyKindLabel(m.replyKind, i18n)}</p>}
                <Body message={m} messages={messages} />
                {m.followUp && <WrittenText text={m.followUp.task} lang={m.lang} ruby={m.taskRuby} prefix={t`お願い:`} className="reply" />}
                {m.feedback && (
                  <div className="feedback">
                    {m.feedback.tags.map((tag) => (
                      <p key={tag}>★ {feedbackLabel(tag, i18n)}</p>
                    ))}
                    {m.feedback.next && <WrittenText text={m.feedback.next} lang={m.lang} ruby={m.nextRuby} prefix={t`次はここも見てください:`} />}
                  </div>
                )}
              </>
            ) : (
              <p className="event">
                {eventText(m, i)}
                {m.helped === true && t`（助言は役に立った）`}
                {m.helped === false && t`（助言は役に立たなかった）`}
              </p>
            )}
          </li>
          ),
        )}
      </ol>
    </section>
  );
}

/**
 * A message's words. A carer's report on a follow-up (shared/reports.ts) is said in the reader's
 * language, with the task as the nurse wrote it; a reader of standard Japanese reads the body
 * as stored, which is the same sentence.
 */
function Body({ message: m, messages }: { message: LocalMessage; messages: readonly LocalMessage[] }) {
  const { t, i18n } = useLingui();
  const report = i18n.locale === 'ja' ? null : splitReportBody(m, messages);
  if (!report) return <MessageBody message={m} className="body" />;
  const task = report.task;
  return (
    <>
      <p className="body report">{t`「${task}」を行いました`}</p>
      {report.free && <WrittenText text={report.free} lang={m.lang} className="body" />}
    </>
  );
}
