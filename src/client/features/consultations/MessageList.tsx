import { FEEDBACK_LABEL, REPLY_KIND_LABEL } from '../../../shared/codes.js';
import type { LocalMessage } from '../../db/db.js';
import { formatWhen } from '../../ui/format.js';

const EVENT_TEXT = { acknowledge: '看護師が確認しました（既読）', close: '完了にしました' } as const;

export function MessageList({ messages, selfId }: { messages: LocalMessage[]; selfId: string }) {
  if (messages.length === 0) return null;
  return (
    <section aria-labelledby="messages-h">
      <h2 id="messages-h">やりとり</h2>
      <ol className="messages">
        {messages.map((m) => (
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
                {EVENT_TEXT[m.kind]}
                {m.helped === true && '（助言は役に立った）'}
                {m.helped === false && '（助言は役に立たなかった）'}
              </p>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
