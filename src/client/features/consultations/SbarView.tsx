// The four I-SBAR-C fields of a sent consultation. A reader of standard Japanese (the nurse, a
// Japanese-reading carer) reads them as stored. Anyone else reads what the app composed from
// codes (issue 15) — the signs, vitals, NEWS2, the default 評価 and the kind of request — again
// from the same codes in their own language; words a person wrote stay as written, with their
// language named. The Japanese the nurse received stays one tap away, to point at the same words.
import { useLingui } from '@lingui/react/macro';
import { Fragment, type ReactNode } from 'react';
import type { Sbar } from '../../../shared/schemas.js';
import type { LocalObservation } from '../../db/db.js';
import { requestKindLabel } from '../../i18n/labels.js';
import { WrittenIn, WrittenText } from '../../i18n/WrittenText.js';
import { composedFields } from './nurse-draft.js';
import { ObservationSigns, ObservationVitals, oldestFirst } from './SbarPreview.js';

type Field = Exclude<keyof Sbar, 'lang'>;
const FIELDS: Field[] = ['situation', 'background', 'assessment', 'request'];

export function SbarView({ sbar, clientName, cited }: { sbar: Sbar; clientName: string; cited: readonly LocalObservation[] }) {
  const { t, i18n } = useLingui();
  const label: Record<Field, string> = { situation: t`状況（S）`, background: t`背景（B）`, assessment: t`評価（A）`, request: t`依頼（R）` };
  if (i18n.locale === 'ja') {
    return (
      <dl className="sbar">
        {FIELDS.map((f) => (
          <Fragment key={f}>
            <dt>{label[f]}</dt>
            <AsWritten text={sbar[f]} lang={sbar.lang?.[f]} />
          </Fragment>
        ))}
      </dl>
    );
  }
  const name = clientName;
  const composed = composedFields(sbar, clientName, cited);
  const obs = oldestFirst(cited);
  const fromCodes: Record<Field, boolean> = { ...composed, request: composed.request !== null };
  const view: Record<Field, ReactNode> = {
    situation: (
      <dd className="from-codes">
        <p>{t`${name}さんについての相談です。`}</p>
        {obs.map((o) => (
          <Fragment key={o.id}>
            <ObservationSigns observation={o} />
            {/* The draft pastes a Japanese note as it is: shown as written, its language named. */}
            {o.note && (o.lang === undefined || o.lang.startsWith('ja')) && <WrittenText text={o.note} lang={o.lang ?? 'ja'} className="note" />}
          </Fragment>
        ))}
      </dd>
    ),
    background: (
      <dd className="from-codes">
        {sbar.background === '' ? '—' : obs.map((o) => <ObservationVitals key={o.id} observation={o} />)}
      </dd>
    ),
    assessment: <dd className="from-codes">{t`わからない`}</dd>,
    request: <dd className="from-codes">{composed.request && requestKindLabel(composed.request, i18n)}</dd>,
  };
  const japanese = FIELDS.filter((f) => fromCodes[f] && sbar[f] !== '');
  return (
    <>
      <dl className="sbar">
        {FIELDS.map((f) => (
          <Fragment key={f}>
            <dt>{label[f]}</dt>
            {fromCodes[f] ? view[f] : <AsWritten text={sbar[f]} lang={sbar.lang?.[f] ?? 'ja'} />}
          </Fragment>
        ))}
      </dl>
      {japanese.length > 0 && (
        <details className="sbar-japanese">
          <summary>{t`看護師に届いた日本語`}</summary>
          <dl className="sbar">
            {japanese.map((f) => (
              <Fragment key={f}>
                <dt>{label[f]}</dt>
                <dd lang="ja">{sbar[f]}</dd>
              </Fragment>
            ))}
          </dl>
        </details>
      )}
    </>
  );
}

/** One field as written, its language named when it is not the reader's (never translated). */
function AsWritten({ text, lang }: { text: string; lang: string | undefined }) {
  if (!text) return <dd>—</dd>;
  return (
    <dd>
      <WrittenIn lang={lang} />
      <span lang={lang}>{text}</span>
    </dd>
  );
}
