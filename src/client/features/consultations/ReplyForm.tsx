// A nurse answers with a kind (助言, 訪問します, …), text (quick templates help), optionally a
// follow-up for the carer (with a due time) and feedback on the noticing. A carer sends a
// follow-up message. Once sent, the form folds away (「続けて書く」 or 「返信を書く」 opens it).
import { useEffect, useRef, useState, type FormEvent } from 'react';
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
/** Due times offered for a follow-up, in minutes from sending. */
const DUE_CHOICES: [string, string][] = [
  ['', '指定しない'],
  ['30', '30分後'],
  ['60', '1時間後'],
  ['120', '2時間後'],
  ['240', '4時間後'],
];

/** The due time of a follow-up: the one chosen, or else the 「2時間後に…」 the task itself says. */
export function followUpDue(task: string, chosenMinutes: string, now: Date): string | undefined {
  const said = /(\d+)\s*時間後/.exec(task);
  const minutes = chosenMinutes ? Number(chosenMinutes) : said ? Number(said[1]) * 60 : 0;
  return minutes > 0 ? new Date(now.getTime() + minutes * 60_000).toISOString() : undefined;
}

export function ReplyForm(props: {
  isNurse: boolean;
  onSend: (m: MessageInput) => Promise<void>;
  /** Folded after sending; the page opens it again. */
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** Changes each time the page asks to jump here: scroll to the form and focus 返信内容. */
  focusRequest: number;
}) {
  const { isNurse, onSend, open, onOpenChange, focusRequest } = props;
  const formRef = useRef<HTMLFormElement>(null);
  const [due, setDue] = useState('');
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
    const dueAt = followUpDue(followUp, due, new Date());
    const feedback = tags.length || next.trim() ? { tags, ...(next.trim() ? { next: next.trim() } : {}) } : undefined;
    await onSend({
      kind: 'message',
      body: body.trim(),
      ...(isNurse ? { replyKind: kind } : {}),
      ...(isNurse && followUp.trim() ? { followUp: { task: followUp.trim(), ...(dueAt ? { dueAt } : {}) } } : {}),
      ...(isNurse && feedback ? { feedback } : {}),
    });
    setBody('');
    setFollowUp('');
    setTags([]);
    setNext('');
    setDue('');
    onOpenChange(false);
  };

  useEffect(() => {
    if (focusRequest > 0) formRef.current?.querySelector('textarea')?.focus();
  }, [focusRequest, open]);

  if (!open) {
    return (
      <section aria-label="返信" className="card reply-done">
        <p role="status">返信しました。</p>
        <button type="button" onClick={() => onOpenChange(true)}>
          続けて書く
        </button>
      </section>
    );
  }

  return (
    <form ref={formRef} id="reply-form" aria-label="返信" onSubmit={(e) => void submit(e)} className="form card">
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
          <label className="field">
            <span>いつまでに（任意）</span>
            <select value={due} onChange={(e) => setDue(e.target.value)}>
              {DUE_CHOICES.map(([v, label]) => (
                <option key={v} value={v}>
                  {label}
                </option>
              ))}
            </select>
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
