// A button whose action cannot be taken back (完了にする, 取り下げる): the first tap asks, in
// place, and only the second one acts. Inline rather than window.confirm, so it reads the same
// on every phone and stays within the thumb's reach. The confirming label never repeats the
// first one, so each stays unique on the screen.
import { useLingui } from '@lingui/react/macro';
import { useEffect, useRef, useState } from 'react';

export function ConfirmButton(props: { label: string; question: string; confirmLabel: string; onConfirm: () => void }) {
  const { t } = useLingui();
  const [asking, setAsking] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const firstRef = useRef<HTMLButtonElement>(null);
  /** やめる was chosen: the focus goes back to the first button (it was on a button now gone). */
  const cancelled = useRef(false);
  useEffect(() => {
    if (asking) confirmRef.current?.focus();
    else if (cancelled.current) firstRef.current?.focus();
    cancelled.current = false;
  }, [asking]);
  if (!asking) {
    return (
      <button type="button" ref={firstRef} onClick={() => setAsking(true)}>
        {props.label}
      </button>
    );
  }
  return (
    <div role="group" aria-label={props.question} className="confirm">
      <p>{props.question}</p>
      <div className="actions">
        <button
          type="button"
          className="primary"
          ref={confirmRef}
          onClick={() => {
            setAsking(false);
            props.onConfirm();
          }}
        >
          {props.confirmLabel}
        </button>
        <button
          type="button"
          onClick={() => {
            cancelled.current = true;
            setAsking(false);
          }}
        >
          {t`やめる`}
        </button>
      </div>
    </div>
  );
}
