import { useState, type FormEvent } from 'react';
import { REPLY_KINDS, type ReplyKind } from '../../../shared/codes.js';
import type { MessageInput } from '../../../shared/schemas.js';

/** A nurse answers with a kind (助言, 訪問します, …) and text; a carer sends a follow-up. */
export function ReplyForm({ isNurse, onSend }: { isNurse: boolean; onSend: (m: MessageInput) => Promise<void> }) {
  const [body, setBody] = useState('');
  const [kind, setKind] = useState<ReplyKind>('advice');
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!body.trim()) return setError('返信内容を入力してください。');
    setError(null);
    await onSend({ kind: 'message', body: body.trim(), ...(isNurse ? { replyKind: kind } : {}) });
    setBody('');
  };

  return (
    <form onSubmit={(e) => void submit(e)} className="form card">
      {isNurse && (
        <fieldset role="radiogroup" aria-label="返信の種類">
          <legend>返信の種類</legend>
          <div className="chips">
            {REPLY_KINDS.map(([code, label]) => (
              <label key={code} className="chip">
                <input type="radio" name="replyKind" value={code} checked={kind === code} onChange={() => setKind(code)} />
                <span>{label}</span>
              </label>
            ))}
          </div>
        </fieldset>
      )}
      <label className="field">
        <span>返信内容</span>
        <textarea rows={3} value={body} onChange={(e) => setBody(e.target.value)} />
      </label>
      {error && <p role="alert" className="error">{error}</p>}
      <button type="submit" className="primary">返信する</button>
    </form>
  );
}
