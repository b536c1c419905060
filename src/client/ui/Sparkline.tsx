// A small line chart of one measure over time, with an optional "usual" band behind it.
export interface Point {
  t: number;
  v: number;
}

export function Sparkline(props: { label: string; unit: string; points: Point[]; from: number; to: number; band?: [number, number] }) {
  const { points, from, to, band } = props;
  const W = 300;
  const H = 64;
  const values = points.map((p) => p.v).concat(band ?? []);
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const pad = (hi - lo) * 0.15 || 1;
  const y = (v: number) => H - ((v - (lo - pad)) / (hi - lo + 2 * pad)) * H;
  const x = (t: number) => ((t - from) / Math.max(1, to - from)) * W;
  const last = points.at(-1);
  const summary = last
    ? `${props.label}: ${points.length}回の記録、最新 ${last.v}${props.unit}、最小 ${Math.min(...points.map((p) => p.v))}、最大 ${Math.max(...points.map((p) => p.v))}${band ? `、いつもの範囲 ${band[0]}〜${band[1]}` : ''}`
    : `${props.label}: 記録なし`;
  return (
    <figure className="spark">
      <figcaption>
        {props.label} {last ? `${last.v}${props.unit}` : '—'}
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={summary} preserveAspectRatio="none">
        {band && <rect x={0} width={W} y={y(band[1])} height={Math.max(1, y(band[0]) - y(band[1]))} className="band" />}
        {points.length > 1 && (
          <polyline fill="none" className="line" points={points.map((p) => `${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`).join(' ')} />
        )}
        {points.map((p) => (
          <circle key={p.t} cx={x(p.t)} cy={y(p.v)} r={2.5} className="dot" />
        ))}
      </svg>
    </figure>
  );
}
