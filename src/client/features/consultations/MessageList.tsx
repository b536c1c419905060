import { FEEDBACK_LABEL, REPLY_KIND_LABEL } from '../../../shared/codes.js';
import type { LocalMessage } from '../../db/db.js';
import { formatWhen } from '../../ui/format.js';

const EVENT_TEXT = { acknowledge: '看護師が確認しました（既読）', close: '完了にしました' } as const;

/**
 * The conversation in order. `shownAbove` is the answer the page already shows at the top: it
 * keeps its place here as one line instead of appearing twice.
 */
export function MessageList({ messages, selfId, shownAbove }: { messages: LocalMessage[]; selfId: string; shownAbove?: string }) {
  if (messages.length === 0) return null;
  const firstAnswer = messages.findIndex((m) => m.kind === 'message' && m.role === 'nurse');
  return (
    <section aria-labelledby="messages-h">
      <h2 id="messages-h">やりとり</h2>
      <ol className="messages">
        {messages.map((m, i) =>
          m.id === shownAbove ? (
            <li key={m.id} className="msg from-nurse shown-above">
              <p className="meta">
                <span>{m.authorName ?? '看護師'}</span>
                <span>{formatWhen(m.createdAt)}</span>
              </p>
              <p className="event">回答（いちばん上に表示しています）</p>
            </li>
          ) : (
          <li key={m.id} className={`msg ${m.role === 'nurse' ? 'from-nurse' : 'from-carer'} ${m.authorId === selfId ? 'mine' : ''}`}>
            <p className="meta">
              <span>{m.authorName ?? (m.role === 'nurse' ? '看護師' : '事業所')}</span>
              <span>{formatWhen(m.createdAt)}</span>
              {m.pending && <span className="status pending">未送信</span>}
            </p>
            {m.kind === 'message' ? (
              <>
                {m.replyKind && <p className="reply-kind">{REPLY_KIND_LABEL[m.replyKind]}</p>}
                <p className="body">{m.body}</p>
                {m.followUp && <p className="reply">お願い: {m.followUp.task}</p>}
                {m.feedback && (
                  <div className="feedback">
                    {m.feedback.tags.map((t) => (
                      <p key={t}>★ {FEEDBACK_LABEL[t]}</p>
                    ))}
                    {m.feedback.next && <p>次はここも見てください: {m.feedback.next}</p>}
                  </div>
                )}
              </>
            ) : (
              <p className="event">
                {m.kind === 'close' && (firstAnswer < 0 || firstAnswer > i) && m.role !== 'nurse' ? '取り下げました' : EVENT_TEXT[m.kind]}
                {m.helped === true && '（助言は役に立った）'}
                {m.helped === false && '（助言は役に立たなかった）'}
              </p>
            )}
          </li>
          ),
        )}
      </ol>
    </section>
  );
}
