/** One colour per urgency, always with its word beside it. */
export function UrgencyBadge({ code, label }: { code: string; label: string }) {
  return <span className={`badge urgency-${code}`}>{label}</span>;
}
