// The dashboard's two charts, drawn as plain SVG and HTML: a line and some bars need no chart library (uPlot, the
// smallest good one, would add ~15 kB gzipped), and hand-drawn ones take the design tokens and stay accessible.
import type { Stats, Timeline } from '../api/types';
import { money } from '../ui/format';
import { tierColor, type Layout } from '../seatmap/layout';

const W = 640;
const H = 220;
const PAD = { l: 40, r: 12, t: 12, b: 28 };

/** Round numbers for an axis: 0 … ≥ max in about `n` steps of 1, 2 or 5 × 10^k. */
function ticks(max: number, n = 4): number[] {
  const raw = Math.max(1, max) / n;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step = Math.max(1, [1, 2, 5, 10].map((m) => m * pow).find((s) => s >= raw) ?? raw);
  const out: number[] = [];
  for (let v = 0; v <= Math.max(max, step) + 1e-9; v += step) out.push(Math.round(v));
  if (out[out.length - 1] < max) out.push(out[out.length - 1] + step);
  return out;
}

const clock = (ms: number, withDay: boolean, timeZone?: string) => {
  const opts: Intl.DateTimeFormatOptions = withDay ? { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' } : { hour: '2-digit', minute: '2-digit' };
  try { return new Intl.DateTimeFormat(undefined, { ...opts, timeZone }).format(ms); } catch { return new Date(ms).toLocaleTimeString(); }
};

/** Tickets sold so far (the line) and per time bucket (the bars), from the first sale until now. */
export function SalesChart({ timeline, now, timeZone }: { timeline: Timeline; now: number; timeZone?: string }) {
  const bucketMs = timeline.bucketMinutes * 60_000;
  const pts = timeline.points.map((p) => ({ t: Date.parse(p.at), n: p.tickets }));
  const total = pts.reduce((s, p) => s + p.n, 0);
  if (!pts.length) return <p class="chart-empty" data-testid="sales-chart" data-total="0">No tickets sold yet. The chart draws itself as the sale runs.</p>;
  // from the first sale (or ten buckets back, whichever is earlier) until now
  const t1 = Math.max(now, pts[pts.length - 1].t + bucketMs);
  const t0 = Math.min(pts[0].t, t1 - 10 * bucketMs);
  const yTicks = ticks(total);
  const yMax = yTicks[yTicks.length - 1];
  const x = (t: number) => PAD.l + ((t - t0) / (t1 - t0)) * (W - PAD.l - PAD.r);
  const y = (v: number) => H - PAD.b - (v / yMax) * (H - PAD.t - PAD.b);
  let sum = 0;
  const line: [number, number][] = [[x(t0), y(0)]];
  for (const p of pts) {
    line.push([x(p.t), y(sum)]);
    sum += p.n;
    line.push([x(p.t + bucketMs), y(sum)]);
  }
  line.push([x(t1), y(sum)]);
  const d = line.map(([a, b], i) => `${i ? 'L' : 'M'}${a.toFixed(1)} ${b.toFixed(1)}`).join(' ');
  const area = `${d} L${x(t1).toFixed(1)} ${y(0)} L${x(t0).toFixed(1)} ${y(0)} Z`;
  const barW = Math.max(2, x(t0 + bucketMs) - x(t0) - 1);
  const withDay = t1 - t0 > 20 * 3_600_000;
  const xTicks = [t0, t0 + (t1 - t0) / 2, t1];
  const label = `${total} tickets sold from ${clock(t0, true, timeZone)} to now, in ${pts.length} periods of ${timeline.bucketMinutes} minutes; most in one period: ${Math.max(...pts.map((p) => p.n))}.`;
  return (
    <svg class="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label} data-testid="sales-chart" data-total={total}>
      {yTicks.map((v) => (
        <g key={v}>
          <line class="chart__grid" x1={PAD.l} x2={W - PAD.r} y1={y(v)} y2={y(v)} />
          <text class="chart__tick" x={PAD.l - 6} y={y(v) + 4} text-anchor="end">{v}</text>
        </g>
      ))}
      {pts.map((p) => <rect key={p.t} class="chart__bar" x={x(p.t)} width={barW} y={y(p.n)} height={y(0) - y(p.n)} />)}
      <path class="chart__area" d={area} opacity="0.6" />
      <path class="chart__line" d={d} />
      <circle class="chart__dot" cx={x(t1)} cy={y(sum)} r="4" />
      <line class="chart__axis" x1={PAD.l} x2={W - PAD.r} y1={y(0)} y2={y(0)} />
      {xTicks.map((t, i) => (
        <text key={i} class="chart__tick" x={x(t)} y={H - 8} text-anchor={i === 0 ? 'start' : i === 2 ? 'end' : 'middle'}>{clock(t, withDay, timeZone)}</text>
      ))}
    </svg>
  );
}

/** Capacity of each price tier (section and price) from the seat map's layout. */
export function tierCapacity(layout: Layout | undefined): Map<string, number> {
  const out = new Map<string, number>();
  if (!layout) return out;
  for (const s of layout.seats) { const k = `${s.section}@${Number(s.price)}`; out.set(k, (out.get(k) ?? 0) + 1); }
  for (const a of layout.areas) { const k = `${a.key}@${Number(a.price)}`; out.set(k, (out.get(k) ?? 0) + a.capacity); }
  return out;
}

/** Sold against capacity per price tier, most expensive first, coloured as on the buyers' seat map. */
export function TierChart({ stats, layout, tiers }: { stats: Stats; layout?: Layout; tiers: string[] }) {
  const capacity = tierCapacity(layout);
  const rows = [...stats.byPriceTier].sort((a, b) => Number(b.price) - Number(a.price));
  return (
    <div class="tiers" data-testid="tier-chart">
      {rows.map((t) => {
        const cap = capacity.get(`${t.section}@${Number(t.price)}`);
        const share = cap ? Math.min(1, t.sold / cap) : 0;
        const name = layout?.names.get(t.section) ?? t.section;
        return (
          <div class="tier" key={`${t.section}-${t.price}`} data-section={t.section} data-sold={t.sold}>
            <div class="tier__top">
              <span class="tier__name">{name} · {money(t.price, stats.currency)}</span>
              <span class="num">{t.sold}{cap !== undefined ? ` / ${cap}` : ''} sold · {money(t.revenue, stats.currency)}</span>
            </div>
            <div class="tier__bar" role="img" aria-label={`${name}: ${t.sold} of ${cap ?? '?'} sold (${Math.round(share * 100)} %)`}>
              <div class="tier__fill" style={{ width: `${share * 100}%`, background: tierColor(tiers, t.price) }} />
            </div>
          </div>
        );
      })}
    </div>
  );
}
