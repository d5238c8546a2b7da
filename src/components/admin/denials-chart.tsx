// Denials per day, stacked by reason: a plain SVG bar chart (no chart library), props only. Days
// without denials are drawn as gaps, and each reason in the legend filters the log below.
"use client";

export interface DenialPoint {
  day: string;
  reason: string;
  count: number;
}

// Distinguishable in both themes; reasons beyond the palette reuse it in order.
const PALETTE = ["#5b5bd6", "#d4343a", "#e5a000", "#17a05d", "#0ea5e9", "#c2410c", "#a21caf", "#64748b"];

export function lastDays(days: number, now: Date = new Date()): string[] {
  const out: string[] = [];
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  for (let i = days - 1; i >= 0; i--) out.push(new Date(today - i * 86_400_000).toISOString().slice(0, 10));
  return out;
}

export function DenialsChart({ data, days, onPickReason }: { data: DenialPoint[]; days: number; onPickReason: (reason: string) => void }) {
  const dayList = lastDays(days);
  const totals = new Map<string, number>();
  for (const p of data) totals.set(p.reason, (totals.get(p.reason) ?? 0) + p.count);
  const reasons = [...totals.keys()].sort((a, b) => (totals.get(b) ?? 0) - (totals.get(a) ?? 0));
  const color = (reason: string) => PALETTE[reasons.indexOf(reason) % PALETTE.length]!;
  const byDay = new Map<string, DenialPoint[]>();
  for (const p of data) byDay.set(p.day, [...(byDay.get(p.day) ?? []), p]);
  const max = Math.max(1, ...dayList.map((d) => (byDay.get(d) ?? []).reduce((n, p) => n + p.count, 0)));
  const total = data.reduce((n, p) => n + p.count, 0);

  const width = 720;
  const height = 150;
  const left = 28;
  const bottom = 18;
  const plotW = width - left;
  const plotH = height - bottom - 6;
  const slot = plotW / dayList.length;
  const barW = Math.max(2, Math.min(22, slot * 0.7));
  const y = (v: number) => 6 + plotH - (v / max) * plotH;
  const labelEvery = Math.ceil(dayList.length / 8);
  // Whole numbers only: counts of events have no halves.
  const ticks = max < 2 ? [0, max] : [0, Math.round(max / 2), max];

  return (
    <figure className="admin-chart" aria-labelledby="denials-chart-title" data-testid="denials-chart">
      <h2 className="admin-chart-title" id="denials-chart-title">
        Denials per day, last {days} days{" "}
        <span className="muted" style={{ fontWeight: 400 }}>
          ({total} in all)
        </span>
      </h2>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`Bar chart: ${total} denials over ${days} days, ${reasons.length} reasons`}>
        {ticks.map((v) => (
          <g key={v}>
            <line className="admin-chart-grid" x1={left} x2={width} y1={y(v)} y2={y(v)} />
            <text className="admin-chart-axis" x={left - 6} y={y(v) + 3} textAnchor="end">
              {v}
            </text>
          </g>
        ))}
        {dayList.map((day, i) => {
          let acc = 0;
          const x = left + i * slot + (slot - barW) / 2;
          const points = (byDay.get(day) ?? []).slice().sort((a, b) => reasons.indexOf(a.reason) - reasons.indexOf(b.reason));
          return (
            <g key={day}>
              {points.map((p) => {
                const top = y(acc + p.count);
                const h = y(acc) - top;
                acc += p.count;
                return (
                  <rect key={p.reason} x={x} y={top} width={barW} height={Math.max(h, 1)} fill={color(p.reason)} rx={1.5}>
                    <title>{`${day}: ${p.count} × ${p.reason}`}</title>
                  </rect>
                );
              })}
              {i % labelEvery === 0 && (
                <text className="admin-chart-axis" x={x + barW / 2} y={height - 4} textAnchor="middle">
                  {day.slice(5)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      {reasons.length === 0 ? (
        <p className="muted text-sm" style={{ margin: "8px 0 0" }}>
          No denials in this period: nobody was refused anything.
        </p>
      ) : (
        <ul className="admin-legend" aria-label="Reasons (choose one to filter the log)">
          {reasons.map((r) => (
            <li key={r}>
              <button type="button" onClick={() => onPickReason(r)} title={`Show only ${r} denials`}>
                <span className="admin-swatch" style={{ background: color(r) }} aria-hidden="true" />
                <span className="mono">{r}</span> <span>{totals.get(r)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </figure>
  );
}
