import { useId } from 'react';

/**
 * A labelled textarea. The label is not wrapped around the textarea: React mirrors a textarea's
 * value into its text, which would become part of a wrapping label's name.
 */
export function TextAreaField(props: { label: string; value: string; onChange: (v: string) => void; rows?: number }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <textarea id={id} rows={props.rows ?? 3} value={props.value} onChange={(e) => props.onChange(e.target.value)} />
    </div>
  );
}
