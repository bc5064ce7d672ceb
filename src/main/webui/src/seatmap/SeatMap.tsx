import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { SeatStatus } from '../api/types';
import { money } from '../ui/format';
import { Icon } from '../ui/Icon';
import { PITCH, neighbour, tierColor, type Layout, type SeatGeo } from './layout';
import type { LiveState } from './live';
import './seatmap.css';

export type ShownStatus = SeatStatus | 'MINE';

interface Props {
  layout: Layout;
  tiers: string[];
  live: LiveState;
  currency: string;
  /** seats of the buyer's current hold */
  mine: Set<string>;
  /** seats picked but not held yet */
  selected: Set<string>;
  /** false: browsing only (not on sale, waiting room, a hold in progress) */
  interactive: boolean;
  onToggle: (seat: SeatGeo) => void;
  onArea: (section: string) => void;
  label: string;
}

interface Box { x: number; y: number; w: number; h: number }
const MAX_SCALE = 6;
/** Below this on-screen seat pitch a tap zooms in instead of selecting: a thumb cannot hit the right seat. */
const MIN_TAP_PITCH = 22;

const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v));

export function statusOf(seat: SeatGeo, live: LiveState, mine: Set<string>): ShownStatus {
  if (mine.has(seat.id)) return 'MINE';
  return live.statuses.get(seat.id) ?? seat.status;
}

export function SeatMap(props: Props) {
  const { layout, tiers, live, currency, mine, selected, interactive, onToggle, onArea, label } = props;
  const base = useMemo<Box>(() => ({ x: -4, y: 0, w: layout.width + 8, h: layout.height }), [layout]);
  const [vb, setVb] = useState<Box>(base);
  const [focusId, setFocusId] = useState<string | undefined>(layout.seats[0]?.id);
  const svg = useRef<SVGSVGElement>(null);
  const vbRef = useRef(vb);
  vbRef.current = vb;
  useEffect(() => setVb(base), [base]);
  const scale = base.w / vb.w;

  const fit = (v: Box): Box => {
    if (v.w >= base.w - 0.01) return base;
    return { ...v, x: clamp(v.x, base.x, base.x + base.w - v.w), y: clamp(v.y, base.y, base.y + base.h - v.h) };
  };
  const zoomAt = (p: { x: number; y: number }, factor: number, from: Box = vbRef.current): Box => {
    const s0 = base.w / from.w;
    const s1 = clamp(s0 * factor, 1, MAX_SCALE);
    const f = s1 / s0;
    return fit({ x: p.x - (p.x - from.x) / f, y: p.y - (p.y - from.y) / f, w: from.w / f, h: from.h / f });
  };
  const center = (): { x: number; y: number } => ({ x: vb.x + vb.w / 2, y: vb.y + vb.h / 2 });
  const toSvg = (clientX: number, clientY: number) => {
    const ctm = svg.current!.getScreenCTM()!;
    const p = new DOMPoint(clientX, clientY).matrixTransform(ctm.inverse());
    return { x: p.x, y: p.y };
  };
  const pxPerUnit = () => svg.current?.getScreenCTM()?.a ?? 1;

  // --- pointers: one finger pans (when zoomed), two pinch; a tap that did not move is a click
  const pointers = useRef(new Map<number, { x: number; y: number }>());
  const gesture = useRef<{ vb: Box; x: number; y: number; ppu: number; dist?: number; anchor?: { x: number; y: number }; moved: boolean }>();
  const suppressClick = useRef(false);
  const onPointerDown = (e: PointerEvent) => {
    pointers.current.set(e.pointerId, { x: e.clientX, y: e.clientY });
    suppressClick.current = false;
    const pts = [...pointers.current.values()];
    if (pts.length === 1) {
      gesture.current = { vb: vbRef.current, x: e.clientX, y: e.clientY, ppu: pxPerUnit(), moved: false };
    } else if (pts.length === 2) {
      const [a, b] = pts;
      gesture.current = { vb: vbRef.current, x: (a.x + b.x) / 2, y: (a.y + b.y) / 2, ppu: pxPerUnit(), moved: true,
        dist: Math.hypot(a.x - b.x, a.y - b.y), anchor: toSvg((a.x + b.x) / 2, (a.y + b.y) / 2) };
    }
  };
  const onPointerMove = (e: PointerEvent) => {
    if (!pointers.current.has(e.pointerId) || !gesture.current) return;
    pointers.current.set(e.pointerId, { x: e.clientX, y: e.clientY });
    const g = gesture.current;
    const pts = [...pointers.current.values()];
    if (pts.length >= 2 && g.dist && g.anchor) {
      const [a, b] = pts;
      setVb(zoomAt(g.anchor, Math.hypot(a.x - b.x, a.y - b.y) / g.dist, g.vb));
      return;
    }
    const dx = e.clientX - g.x;
    const dy = e.clientY - g.y;
    if (!g.moved && Math.hypot(dx, dy) > 6) {
      g.moved = true;
      if (base.w / g.vb.w > 1.01) (e.currentTarget as Element).setPointerCapture?.(e.pointerId);
    }
    if (g.moved && base.w / g.vb.w > 1.01) setVb(fit({ ...g.vb, x: g.vb.x - dx / g.ppu, y: g.vb.y - dy / g.ppu }));
  };
  const onPointerUp = (e: PointerEvent) => {
    if (gesture.current?.moved) suppressClick.current = true;
    pointers.current.delete(e.pointerId);
    if (pointers.current.size === 0) gesture.current = undefined;
  };

  // --- wheel: ctrl/pinch-on-trackpad zooms; a plain wheel pans a zoomed map and scrolls the page otherwise
  useEffect(() => {
    const el = svg.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      const zoomed = base.w / vbRef.current.w > 1.01;
      if (e.ctrlKey || e.metaKey) {
        e.preventDefault();
        setVb(zoomAt(toSvg(e.clientX, e.clientY), Math.exp(-e.deltaY * 0.01)));
      } else if (zoomed) {
        e.preventDefault();
        const ppu = pxPerUnit();
        setVb(fit({ ...vbRef.current, x: vbRef.current.x + e.deltaX / ppu, y: vbRef.current.y + e.deltaY / ppu }));
      }
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [base]);

  // --- seats: click (tap or Enter/Space) and arrow keys
  const seatOf = (target: EventTarget | null) => {
    const id = (target as Element | null)?.closest?.('[data-seat-id]')?.getAttribute('data-seat-id');
    return id ? layout.seatsById.get(id) : undefined;
  };
  const activate = (seat: SeatGeo, fromPointer: boolean) => {
    setFocusId(seat.id);
    const pitch = PITCH * pxPerUnit();
    if (fromPointer && pitch < MIN_TAP_PITCH) {
      setVb(zoomAt({ x: seat.x, y: seat.y }, 32 / pitch));
      return;
    }
    const status = statusOf(seat, live, mine);
    if (interactive && status === 'AVAILABLE') onToggle(seat);
  };
  const onClick = (e: MouseEvent) => {
    if (suppressClick.current) { suppressClick.current = false; return; }
    const seat = seatOf(e.target);
    if (seat) activate(seat, e.detail > 0);
    const area = (e.target as Element).closest?.('[data-area]')?.getAttribute('data-area');
    if (area) onArea(area);
  };
  const focusAfterMove = useRef(false);
  const onKeyDown = (e: KeyboardEvent) => {
    const seat = seatOf(e.target);
    if (e.key === '+' || e.key === '=') { setVb(zoomAt(seat ?? center(), 1.5)); e.preventDefault(); return; }
    if (e.key === '-') { setVb(zoomAt(seat ?? center(), 1 / 1.5)); e.preventDefault(); return; }
    if (!seat) return;
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      activate(seat, false);
      return;
    }
    const next = neighbour(layout, seat, e.key);
    if (next) {
      e.preventDefault();
      focusAfterMove.current = true;
      setFocusId(next.id);
      const v = vbRef.current;
      if (base.w / v.w > 1.01 && (next.x < v.x || next.x > v.x + v.w || next.y < v.y || next.y > v.y + v.h)) {
        setVb(fit({ ...v, x: next.x - v.w / 2, y: next.y - v.h / 2 }));
      }
    }
  };
  useLayoutEffect(() => {
    if (focusAfterMove.current && focusId) {
      focusAfterMove.current = false;
      (svg.current?.querySelector(`[data-seat-id="${CSS.escape(focusId)}"]`) as SVGElement | null)?.focus();
    }
  }, [focusId]);

  const sectionName = (key: string) => layout.names.get(key) ?? key;
  const describeSeat = (seat: SeatGeo, status: ShownStatus, picked: boolean) => {
    const what = picked ? 'selected' : status === 'MINE' ? 'held by you' : status === 'AVAILABLE' ? 'available' : status === 'SOLD' ? 'sold' : 'taken';
    return `${sectionName(seat.section)}, row ${seat.row}, seat ${seat.number}, ${money(seat.price, currency)}, ${what}`;
  };

  return (
    <div class="seatmap__viewport">
      <svg ref={svg} class="seatmap__svg" viewBox={`${vb.x} ${vb.y} ${vb.w} ${vb.h}`} preserveAspectRatio="xMidYMid meet"
        role="group" aria-label={label} aria-describedby="seatmap-help"
        style={{ touchAction: scale > 1.01 ? 'none' : 'pan-y' }}
        onPointerDown={onPointerDown} onPointerMove={onPointerMove} onPointerUp={onPointerUp} onPointerCancel={onPointerUp}
        onClick={onClick} onKeyDown={onKeyDown}>
        <rect class="seatmap__stage" x={layout.stage.x} y={layout.stage.y} width={layout.stage.w} height={layout.stage.h} rx="3" />
        <text class="seatmap__stage-label" x={layout.width / 2} y={layout.stage.y + layout.stage.h / 2 + 2.6} text-anchor="middle">STAGE</text>
        {layout.areas.map((a) => {
          const available = live.areas.get(a.key) ?? 0;
          const soldOut = available <= 0;
          return (
            <g key={a.key} class={`seatmap__area ${soldOut ? 'is-sold-out' : ''}`} data-area={a.key} role="button" tabIndex={0}
              aria-label={`${a.name} ${soldOut ? 'Sold out' : `${available} left`}, standing places at ${money(a.price, currency)}`}
              onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), onArea(a.key))}>
              <rect x={a.x} y={a.y} width={a.w} height={a.h} rx="4" fill={soldOut ? 'var(--seat-taken)' : tierColor(tiers, a.price)} />
              <text text-anchor="middle">
                <tspan x={a.x + a.w / 2} y={a.y + a.h / 2 - 1} class="seatmap__area-name">{a.name}</tspan>{' '}
                <tspan x={a.x + a.w / 2} y={a.y + a.h / 2 + 7} class="seatmap__area-left">{soldOut ? 'Sold out' : `${available} left`}</tspan>
              </text>
            </g>
          );
        })}
        {layout.sections.map((s) => (
          <text key={s.key} class="seatmap__section" x={layout.width / 2} y={s.y} text-anchor="middle" aria-hidden="true">
            {sectionName(s.key)} · {money(s.price, currency)}
          </text>
        ))}
        {layout.rows.map((r) => (
          <g key={`${r.section}-${r.label}`} aria-hidden="true" class="seatmap__row-label">
            <text x={r.seats[0].x - 8} y={r.y + 2} text-anchor="middle">{r.label}</text>
            <text x={r.seats[r.seats.length - 1].x + 8} y={r.y + 2} text-anchor="middle">{r.label}</text>
          </g>
        ))}
        {layout.seats.map((seat) => {
          const status = statusOf(seat, live, mine);
          const picked = selected.has(seat.id);
          const free = status === 'AVAILABLE';
          const fill = picked ? 'var(--seat-mine)' : status === 'MINE' ? 'var(--c-success)' : free ? tierColor(tiers, seat.price) : 'var(--seat-taken)';
          return (
            <circle key={seat.id} class="seat" cx={seat.x} cy={seat.y} r={free || picked || status === 'MINE' ? 3.8 : 2.6} fill={fill}
              data-testid="seat" data-seat-id={seat.id} data-status={status}
              role="button" tabIndex={seat.id === focusId ? 0 : -1}
              aria-label={describeSeat(seat, status, picked)}
              aria-pressed={free || status === 'MINE' ? picked || status === 'MINE' : undefined}
              aria-disabled={!free || !interactive ? true : undefined} />
          );
        })}
        {layout.seats.filter((s) => selected.has(s.id) || mine.has(s.id)).map((s) => (
          <path key={`check-${s.id}`} class="seat__check" d={`M${s.x - 1.8} ${s.y} l1.2 1.3 l2.4 -2.6`} aria-hidden="true" />
        ))}
      </svg>
      <div class="seatmap__zoom">
        <button type="button" class="btn btn--secondary btn--icon" aria-label="Zoom in" disabled={scale >= MAX_SCALE}
          onClick={() => setVb(zoomAt(center(), 1.6))}><Icon name="plus" /></button>
        <button type="button" class="btn btn--secondary btn--icon" aria-label="Zoom out" disabled={scale <= 1.01}
          onClick={() => setVb(zoomAt(center(), 1 / 1.6))}><Icon name="minus" /></button>
        {scale > 1.01 && (
          <button type="button" class="btn btn--secondary btn--icon" aria-label="Show the whole map" onClick={() => setVb(base)}>
            <Icon name="reset" />
          </button>
        )}
      </div>
    </div>
  );
}
