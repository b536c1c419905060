// The I-SBAR-C draft as the carer reads it (issue 15): the nurse receives it in Japanese, written
// from codes (src/shared/sbar.ts); the carer sees the same structure from the same codes in
// their own language — the time, the signs with their Japanese term beside them, the vitals,
// NEWS2 and the kind of request. Nothing here is translated text; everything is a code.
import { useLingui } from '@lingui/react/macro';
import type { RequestKind } from '../../../shared/codes.js';
import type { DraftObservation } from '../../../shared/sbar.js';
import { news2Text, vitalParts } from '../../i18n/clinical.js';
import { requestKindLabel, signLabel } from '../../i18n/labels.js';
import { TermLabel } from '../../i18n/TermLabel.js';
import { absoluteIn } from '../../i18n/when.js';

export const oldestFirst = <T extends { observedAt: string }>(obs: readonly T[]): T[] =>
  [...obs].sort((a, b) => Date.parse(a.observedAt) - Date.parse(b.observedAt));

/** 状況（S） of one observation from codes: when, and the signs (or 「いつもと様子が違います」). */
export function ObservationSigns({ observation: o }: { observation: DraftObservation }) {
  const { t, i18n } = useLingui();
  return (
    <p>
      <strong>{absoluteIn(o.observedAt, i18n.locale)}</strong>{' '}
      {o.softSigns.length === 0
        ? t`いつもと様子が違います。`
        : o.softSigns.map((s, i) => (
            <span key={s}>
              {i > 0 && t`、`}
              <TermLabel term={signLabel(s, i18n)} />
            </span>
          ))}
    </p>
  );
}

/** 背景（B） of one observation from codes: the vitals and NEWS2, nothing when none were measured. */
export function ObservationVitals({ observation: o }: { observation: DraftObservation }) {
  const { i18n } = useLingui();
  const text = [...vitalParts(o.vitals, i18n), news2Text(o.news2, i18n)].filter(Boolean).join(' · ');
  return text ? <p>{text}</p> : null;
}

export function SbarPreview(props: { clientName: string; observations: readonly DraftObservation[]; requestKind: RequestKind | undefined }) {
  const { t, i18n } = useLingui();
  const obs = oldestFirst(props.observations);
  const name = props.clientName;
  const kind = props.requestKind ? requestKindLabel(props.requestKind, i18n) : null;
  return (
    <section aria-labelledby="sbar-preview-h" className="card sbar-preview">
      <h2 id="sbar-preview-h">{t`看護師に届く内容`}</h2>
      <p className="muted">{t`看護師には日本語で届きます。あなたの言葉で書いたところは、そのまま届きます。`}</p>
      <p>{t`${name}さんについての相談です。`}</p>
      {obs.length === 0 && <p>{t`記録の引用はありません。`}</p>}
      {obs.map((o) => (
        <div key={o.observedAt}>
          <ObservationSigns observation={o} />
          <ObservationVitals observation={o} />
        </div>
      ))}
      {kind && <p>{t`依頼: ${kind}`}</p>}
    </section>
  );
}
