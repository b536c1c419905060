// What the carer does with an answer: report on the nurse's follow-up requests, and close the
// consultation saying whether the advice helped. (Nurses see only the close button.)
import { useState } from 'react';
import type { MessageInput } from '../../../shared/schemas.js';
import type { LocalConsultation } from '../../db/db.js';

export function FollowUpTasks({ consultation, onDone }: { consultation: LocalConsultation; onDone: (m: MessageInput) => Promise<void> }) {
  const done = new Set(consultation.messages.flatMap((m) => (m.completes ? [m.completes] : [])));
  const open = consultation.messages.filter((m) => m.followUp && !done.has(m.id));
  if (open.length === 0) return null;
  return (
    <section aria-labelledby="followups-h" className="card">
      <h2 id="followups-h">看護師からの依頼</h2>
      <ul className="list">
        {open.map((m) => (
          <li key={m.id}>
            <p>{m.followUp?.task}</p>
            <button
              type="button"
              onClick={() => void onDone({ kind: 'message', body: `「${m.followUp?.task ?? ''}」を行いました。`, completes: m.id })}
            >
              {`「${m.followUp?.task ?? ''}」を行いました`}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function CloseControl({ isNurse, onClose }: { isNurse: boolean; onClose: (m: MessageInput) => void }) {
  const [helped, setHelped] = useState<boolean | undefined>(undefined);
  return (
    <div className="form">
      {!isNurse && (
        <fieldset role="radiogroup" aria-label="助言は役に立ちましたか">
          <legend>助言は役に立ちましたか（任意）</legend>
          <label className="check">
            <input type="radio" name="helped" checked={helped === true} onChange={() => setHelped(true)} />
            <span>役に立った</span>
          </label>
          <label className="check">
            <input type="radio" name="helped" checked={helped === false} onChange={() => setHelped(false)} />
            <span>役に立たなかった</span>
          </label>
        </fieldset>
      )}
      <button type="button" onClick={() => onClose({ kind: 'close', ...(helped !== undefined ? { helped } : {}) })}>
        完了にする
      </button>
    </div>
  );
}
