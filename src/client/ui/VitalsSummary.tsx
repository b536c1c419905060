import { useLingui } from '@lingui/react/macro';
import type { SoftSign } from '../../shared/codes.js';
import { NEWS2_ATTRIBUTION, type News2 } from '../../shared/news2.js';
import type { Vitals } from '../../shared/schemas.js';
import { news2Text, vitalParts } from '../i18n/clinical.js';
import { signLabel } from '../i18n/labels.js';
import { TermLabel } from '../i18n/TermLabel.js';
import { WrittenText } from '../i18n/WrittenText.js';

/**
 * Vital signs in one line, and the NEWS2 guide (目安) with how many of 7 were measured; with
 * `softSigns` and `note`, the 「いつもと違う」 signs and the note too (「もとの記録」), the note
 * as written with its language named when it is not the reader's.
 */
export function VitalsSummary(props: { vitals: Vitals; news2: News2; softSigns?: readonly SoftSign[]; note?: string | null; noteLang?: string }) {
  const { t, i18n } = useLingui();
  const { vitals, news2, softSigns, note } = props;
  const parts = vitalParts(vitals, i18n);
  const score = news2Text(news2, i18n);
  return (
    <div className="vitals">
      {parts.length > 0 && <p>{parts.join(' · ')}</p>}
      {softSigns && softSigns.length > 0 && (
        <p className="signs">
          {t`いつもと違う:`}{' '}
          {softSigns.map((s, i) => (
            <span key={s}>
              {i > 0 && t`、`}
              <TermLabel term={signLabel(s, i18n)} />
            </span>
          ))}
        </p>
      )}
      {note && <WrittenText text={note} lang={props.noteLang} className="note" note />}
      {score && (
        <p className="score" title={NEWS2_ATTRIBUTION}>
          {score}
          {news2.redFlag && <strong className="redflag">
              {' '}
              {t`単独で3点の項目あり`}
            </strong>}
        </p>
      )}
    </div>
  );
}
