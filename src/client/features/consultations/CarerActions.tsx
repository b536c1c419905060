// What the carer does with a consultation: before any answer, at most withdraw it; with an
// answer, do the nurse's follow-up tasks and close it saying whether the advice helped.
// (Nurses see only the close button.) Closing and withdrawing both ask first.
import type { MessageDescriptor } from '@lingui/core';
import { msg } from '@lingui/core/macro';
import { useLingui } from '@lingui/react/macro';
import { useState } from 'react';
import { Link } from 'wouter';
import { followUpReportJa } from '../../../shared/reports.js';
import type { MessageInput } from '../../../shared/schemas.js';
import type { LocalConsultation } from '../../db/db.js';
import { whenIn } from '../../i18n/when.js';
import { Written, WrittenIn } from '../../i18n/WrittenText.js';
import { ConfirmButton } from './ConfirmButton.js';
import { useMinuteClock } from '../../hooks/use-minute-clock.js';

/** Follow-ups the nurse asked for that no carer message has reported on yet, oldest first. */
export function openFollowUps(consultation: LocalConsultation) {
  const done = new Set(consultation.messages.flatMap((m) => (m.completes ? [m.completes] : [])));
  return consultation.messages.filter((m) => m.followUp && !done.has(m.id));
}

/**
 * The one button that does a task which is a measurement: it opens the observation form. The
 * nurse's task is Japanese free text; the button speaks the reader's language.
 */
export function recordLabel(task: string): MessageDescriptor | null {
  if (/検温|体温|熱/.test(task)) return msg`再検温を記録する`;
  if (/血圧/.test(task)) return msg`血圧を記録する`;
  if (/脈|SpO2|酸素|呼吸/.test(task)) return msg`もう一度測って記録する`;
  if (/食事|水分|尿|便/.test(task)) return msg`様子を記録する`;
  return null;
}

export function FollowUpTasks({ consultation, onDone }: { consultation: LocalConsultation; onDone: (m: MessageInput) => Promise<void> }) {
  const { t, i18n } = useLingui();
  const now = useMinuteClock();
  const open = openFollowUps(consultation);
  if (open.length === 0) return null;
  const linked = new Set<string>();
  return (
    <section aria-labelledby="followups-h" className="followups">
      <h3 id="followups-h">{t`看護師からの依頼`}</h3>
      <ul className="list">
        {open.map((m) => {
          const task = m.followUp?.task ?? '';
          const dueAt = m.followUp?.dueAt;
          const descriptor = recordLabel(task);
          const label = descriptor ? i18n._(descriptor) : null;
          // Several measuring tasks lead to the same form: one button is enough.
          const showLink = label !== null && !linked.has(label);
          if (label) linked.add(label);
          const due = dueAt ? whenIn(dueAt, i18n.locale, now) : '';
          return (
            <li key={m.id} className="followup">
              <WrittenIn lang={m.lang} />
              <p className="task-text">
                <strong lang={m.lang}>
                  <Written text={task} ruby={m.taskRuby} />
                </strong>
                {dueAt && <span className="due">{t`${due}まで`}</span>}
              </p>
              <div className="actions">
                {showLink && (
                  <Link href={`/clients/${consultation.clientId}/observe`} className="button primary">
                    {label}
                  </Link>
                )}
                {/* The report goes to the nurse in Japanese, about her own words, and names the task
                    it completes (shared/reports.ts): every other reader sees it in their language. */}
                <button type="button" onClick={() => void onDone({ kind: 'message', body: followUpReportJa(task), lang: 'ja', completes: m.id })}>
                  {t`「${task}」を行いました`}
                </button>
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

export function CloseControl({ isNurse, onClose }: { isNurse: boolean; onClose: (m: MessageInput) => void }) {
  const { t } = useLingui();
  const [helped, setHelped] = useState<boolean | undefined>(undefined);
  return (
    <section aria-label={t`相談を終える`} className="form close-area">
      {!isNurse && (
        <fieldset role="radiogroup" aria-label={t`助言は役に立ちましたか`}>
          <legend>{t`助言は役に立ちましたか（任意）`}</legend>
          <label className="check">
            <input type="radio" name="helped" checked={helped === true} onChange={() => setHelped(true)} />
            <span>{t`役に立った`}</span>
          </label>
          <label className="check">
            <input type="radio" name="helped" checked={helped === false} onChange={() => setHelped(false)} />
            <span>{t`役に立たなかった`}</span>
          </label>
        </fieldset>
      )}
      <ConfirmButton
        label={t`完了にする`}
        question={t`この相談を完了にしますか？ 完了にすると、この相談には書き込めなくなります。`}
        confirmLabel={t`はい、完了する`}
        onConfirm={() => onClose({ kind: 'close', ...(helped !== undefined ? { helped } : {}) })}
      />
    </section>
  );
}

/** Before any answer the carer can only take the consultation back (it closes it). */
export function WithdrawControl({ onWithdraw }: { onWithdraw: () => void }) {
  const { t } = useLingui();
  return (
    <section aria-label={t`相談を取り下げる`} className="form close-area">
      <ConfirmButton
        label={t`取り下げる`}
        question={t`この相談を取り下げますか？ 看護師には取り下げたことが伝わります。`}
        confirmLabel={t`はい、取り下げます`}
        onConfirm={onWithdraw}
      />
    </section>
  );
}
