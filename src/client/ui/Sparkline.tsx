// A small line chart of one measure over time, readable at a glance (issue 10.4): the title
// names the latest value and its date, the axis names the first and last day, the band of
// usual values is drawn and labelled, and every value is listed under 「数値を見る」 — in the
// reader's language (dates in Japan time, as the care happens there).
import { useLingui } from '@lingui/react/macro';
import { formatDecimal } from '../i18n/numbers.js';
import { formatDay, formatDayTime } from './format.js';

export interface Point {
  t: number;
  v: number;
}


export function Sparkline(props: {
  label: string;
  unit: string;
  points: Point[];
  from: number;
  to: number;
  band?: [number, number];
  /** How many decimals the values carry (temperature 1). */
  decimals?: number;
}) {
  const { t, i18n } = useLingui();
  const locale = i18n.locale;
  const { points, from, to, band } = props;
  const fmt = (v: number) => formatDecimal(v, props.decimals ?? 0, locale);
  const W = 300;
  const H = 72;
  const values = points.map((p) => p.v).concat(band ?? []);
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const pad = (hi - lo) * 0.15 || 1;
  const y = (v: number) => H - ((v - (lo - pad)) / (hi - lo + 2 * pad)) * H;
  const x = (t: number) => ((t - from) / Math.max(1, to - from)) * W;
  const last = points.at(-1);
  const min = points.length ? Math.min(...points.map((p) => p.v)) : undefined;
  const max = points.length ? Math.max(...points.map((p) => p.v)) : undefined;
  const label = props.label;
  const unit = props.unit;
  const bandLo = band ? fmt(band[0]) : '';
  const bandHi = band ? fmt(band[1]) : '';
  const bandText = band ? t`いつもの範囲 ${bandLo}〜${bandHi}${unit}` : null;
  const count = points.length;
  const first = formatDay(from, locale);
  const lastDay = formatDay(to, locale);
  const latest = last ? fmt(last.v) : '';
  const latestAt = last ? formatDayTime(last.t, locale) : '';
  const lowest = last ? fmt(min ?? last.v) : '';
  const highest = last ? fmt(max ?? last.v) : '';
  const summary = last
    ? t`${label}: ${count}回の記録（${first}〜${lastDay}）、最新 ${latest}${unit}（${latestAt}）、最小 ${lowest}、最大 ${highest}` + (bandText ? t`、` + bandText : '')
    : t`${label}: 記録なし`;
  const outside = (v: number) => band !== undefined && (v < band[0] || v > band[1]);
  return (
    <figure className="spark">
      <figcaption>
        <strong>
          {props.label} {last ? `${fmt(last.v)}${props.unit}` : '—'}
        </strong>
        {last && <span className="spark-when">{t`（${latestAt}）`}</span>}
        {bandText && <span className="spark-band-label">{bandText}</span>}
      </figcaption>
      <div className="spark-plot">
        <span className="spark-y" aria-hidden="true">
          <span>{max !== undefined ? fmt(max) : ''}</span>
          <span>{min !== undefined ? fmt(min) : ''}</span>
        </span>
        <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={summary} preserveAspectRatio="none">
          {band && <rect x={0} width={W} y={y(band[1])} height={Math.max(1, y(band[0]) - y(band[1]))} className="band" />}
          {points.length > 1 && (
            <polyline fill="none" className="line" points={points.map((p) => `${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`).join(' ')} />
          )}
          {points.map((p) => (
            <circle key={p.t} cx={x(p.t)} cy={y(p.v)} r={outside(p.v) ? 4 : 2.5} className={outside(p.v) ? 'dot outside' : 'dot'} />
          ))}
        </svg>
      </div>
      <div className="spark-x" aria-hidden="true">
        <span>{first}</span>
        <span>{lastDay}</span>
      </div>
      {points.length > 0 && (
        <details className="spark-values">
          <summary>{t`${label}の数値を見る`}</summary>
          <ul>
            {[...points].reverse().map((p) => (
              <li key={p.t}>
                {formatDayTime(p.t, locale)}{' '}
                <strong>
                  {fmt(p.v)}
                  {unit}
                </strong>
                {outside(p.v) && <span className="outside-word">{t`（いつもの範囲外）`}</span>}
              </li>
            ))}
          </ul>
        </details>
      )}
    </figure>
  );
}
