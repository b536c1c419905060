// A nurse answers with a kind (助言, 訪問します, …), text (quick templates help), optionally a
// follow-up for the carer and feedback on the noticing. A carer sends a follow-up message.
import { useState, type FormEvent } from 'react';
import { FEEDBACK_TAGS, FEEDBACK_LABEL, REPLY_KINDS, type FeedbackTag, type ReplyKind } from '../../../shared/codes.js';
import type { MessageInput } from '../../../shared/schemas.js';
import { TextAreaField } from '../../ui/TextAreaField.js';

const TEMPLATES: Record<ReplyKind, string> = {
  advice: '様子を見てください。水分をこまめに取ってもらい、変化があればまた連絡してください。',
  visit: 'これから訪問します。到着まで利用者のそばで様子を見ていてください。',
  contact_doctor: '主治医に連絡して指示を確認します。折り返し連絡します。',
  call_ambulance: 'すぐに119番に連絡してください。緊急時の取り決めに沿って家族にも連絡してください。',
  ask_more: 'もう少し教えてください。',
};
const FOLLOW_UPS = ['2時間後に再検温', '食事と水分の量を記録', '夕方に血圧を測定'];

export function ReplyForm({ isNurse, onSend }: { isNurse: boolean; onSend: (m: MessageInput) => Promise<void> }) {
  const [body, setBody] = useState('');
  const [kind, setKind] = useState<ReplyKind>('advice');
  const [followUp, setFollowUp] = useState('');
  const [tags, setTags] = useState<FeedbackTag[]>([]);
  const [next, setNext] = useState('');
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!body.trim()) return setError('返信内容を入力してください。');
    setError(null);
    const feedback = tags.length || next.trim() ? { tags, ...(next.trim() ? { next: next.trim() } : {}) } : undefined;
    await onSend({
      kind: 'message',
      body: body.trim(),
      ...(isNurse ? { replyKind: kind } : {}),
      ...(isNurse && followUp.trim() ? { followUp: { task: followUp.trim() } } : {}),
      ...(isNurse && feedback ? { feedback } : {}),
    });
    setBody('');
    setFollowUp('');
    setTags([]);
    setNext('');
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
      <TextAreaField label="返信内容" value={body} onChange={setBody} />
      {isNurse && (
        <>
          <button type="button" className="link" onClick={() => setBody(TEMPLATES[kind])}>
            定型文を入れる
          </button>
          <label className="field">
            <span>お願いしたいこと（任意）</span>
            <input type="text" list="follow-ups" value={followUp} onChange={(e) => setFollowUp(e.target.value)} />
            <datalist id="follow-ups">
              {FOLLOW_UPS.map((f) => (
                <option key={f} value={f} />
              ))}
            </datalist>
          </label>
          <fieldset>
            <legend>気づきへのフィードバック（任意）</legend>
            {FEEDBACK_TAGS.map((t) => (
              <label key={t} className="check">
                <input
                  type="checkbox"
                  checked={tags.includes(t)}
                  onChange={(e) => setTags(e.target.checked ? [...tags, t] : tags.filter((x) => x !== t))}
                />
                <span>{FEEDBACK_LABEL[t]}</span>
              </label>
            ))}
            <label className="field">
              <span>次はここも見てください</span>
              <input type="text" value={next} onChange={(e) => setNext(e.target.value)} />
            </label>
          </fieldset>
        </>
      )}
      {error && <p role="alert" className="error">{error}</p>}
      <button type="submit" className="primary">
        返信する
      </button>
    </form>
  );
}
