// A small, read-only picture of a seat map: the venue builder's preview and the dashboard's sell-out map.
// Sold seats are solid, held ones amber and smaller rings, free ones pale: shape and colour both tell them apart.
import type { SeatStatus } from '../api/types';
import type { Layout } from './layout';
import './seatmap.css';
import './minimap.css';

interface Props {
  layout: Layout;
  /** seat id → status (missing: AVAILABLE) */
  statuses?: Map<string, SeatStatus>;
  /** GA section → places available (missing: its capacity) */
  areas?: Map<string, number>;
  label: string;
  testId?: string;
}

export function MiniMap({ layout, statuses, areas, label, testId }: Props) {
  return (
    <svg class="minimap" viewBox={`-4 0 ${layout.width + 8} ${layout.height}`} role="img" aria-label={label} data-testid={testId}>
      <rect class="seatmap__stage" x={layout.stage.x} y={layout.stage.y} width={layout.stage.w} height={layout.stage.h} rx="3" />
      <text class="seatmap__stage-label" x={layout.width / 2} y={layout.stage.y + layout.stage.h / 2 + 2.6} text-anchor="middle">STAGE</text>
      {layout.areas.map((a) => {
        const available = Math.max(0, Math.min(a.capacity, areas?.get(a.key) ?? a.capacity));
        const taken = a.capacity ? (a.capacity - available) / a.capacity : 0;
        return (
          <g key={a.key} data-area={a.key} data-available={available}>
            <rect x={a.x} y={a.y} width={a.w} height={a.h} rx="4" class="minimap__area" />
            <rect x={a.x} y={a.y} width={a.w * taken} height={a.h} rx="4" class="minimap__area-taken" />
            <text x={a.x + a.w / 2} y={a.y + a.h / 2 + 2} text-anchor="middle" class="minimap__area-label">
              {areas ? `${a.name} · ${a.capacity - available} of ${a.capacity} taken` : `${a.name} · ${a.capacity} places`}
            </text>
          </g>
        );
      })}
      {layout.sections.map((s) => (
        <text key={s.key} class="seatmap__section" x={layout.width / 2} y={s.y} text-anchor="middle">{s.name}</text>
      ))}
      {layout.rows.map((r) => (
        <text key={`${r.section}-${r.label}`} class="minimap__row" x={r.seats[0].x - 8} y={r.y + 2} text-anchor="middle">{r.label}</text>
      ))}
      {layout.seats.map((seat) => {
        const status = statuses?.get(seat.id) ?? 'AVAILABLE';
        return <circle key={seat.id} cx={seat.x} cy={seat.y} r={status === 'AVAILABLE' ? 3.4 : status === 'HELD' ? 3 : 3.8}
          class={`minimap__seat is-${status.toLowerCase()}`} data-seat-id={seat.id} data-status={status} />;
      })}
    </svg>
  );
}

export function MiniMapLegend() {
  return (
    <ul class="legend" aria-label="Legend">
      <li><svg class="legend__dot" viewBox="0 0 12 12" aria-hidden="true"><circle cx="6" cy="6" r="5.5" class="minimap__seat is-sold" /></svg>Sold</li>
      <li><svg class="legend__dot" viewBox="0 0 12 12" aria-hidden="true"><circle cx="6" cy="6" r="4.5" class="minimap__seat is-held" /></svg>Held (in a checkout)</li>
      <li><svg class="legend__dot" viewBox="0 0 12 12" aria-hidden="true"><circle cx="6" cy="6" r="5" class="minimap__seat is-available" /></svg>Available</li>
    </ul>
  );
}
