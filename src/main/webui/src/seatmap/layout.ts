// Geometry of a seat map, computed from the seat list (which comes in layout order: sections, rows, seat numbers)
// and the venue's section names. Units are SVG user units: one seat pitch is 10.
import type { AreaView, SeatView, VenueView } from '../api/types';

export const PITCH = 10;
const LABEL = 14;       // room for row labels on each side
const HEADER = 16;      // section title above its rows
const GAP = 12;         // between sections
const STAGE_H = 16;
const AREA_H = 30;

export interface SeatGeo extends SeatView {
  x: number;
  y: number;
  row: string;
  rowIndex: number;     // index into Layout.rows
  col: number;          // index in its row
}

export interface RowGeo {
  section: string;
  label: string;
  y: number;
  seats: SeatGeo[];
}

export interface SectionGeo {
  key: string;
  name: string;
  y: number;
  price: string;
}

export interface AreaGeo {
  key: string;
  name: string;
  x: number;
  y: number;
  w: number;
  h: number;
  price: string;
  capacity: number;
}

export interface Layout {
  width: number;
  height: number;
  stage: { x: number; y: number; w: number; h: number };
  sections: SectionGeo[];
  rows: RowGeo[];
  seats: SeatGeo[];
  seatsById: Map<string, SeatGeo>;
  areas: AreaGeo[];
  names: Map<string, string>;
}

export function sectionNames(venue?: VenueView): Map<string, string> {
  return new Map((venue?.sections ?? []).map((s) => [s.key, s.name]));
}

export function computeLayout(seats: SeatView[], areas: AreaView[], venue?: VenueView): Layout {
  const names = sectionNames(venue);
  // rows in order of first appearance
  const rowKeys: string[] = [];
  const byRow = new Map<string, SeatView[]>();
  for (const seat of seats) {
    const key = `${seat.section}\u0000${seat.row}`;
    let list = byRow.get(key);
    if (!list) {
      list = [];
      byRow.set(key, list);
      rowKeys.push(key);
    }
    list.push(seat);
  }
  const widest = Math.max(0, ...[...byRow.values()].map((r) => r.length));
  const width = Math.max(widest * PITCH + 2 * LABEL, areas.length * 70, 120);

  let y = 4;
  const stage = { x: width * 0.15, y, w: width * 0.7, h: STAGE_H };
  y += STAGE_H + GAP;

  const areaGeos: AreaGeo[] = [];
  if (areas.length) {
    const gap = 6;
    const w = (width - 2 * LABEL - gap * (areas.length - 1)) / areas.length;
    areas.forEach((a, i) => areaGeos.push({
      key: a.section, name: names.get(a.section) ?? a.section, x: LABEL + i * (w + gap), y, w, h: AREA_H,
      price: a.price, capacity: a.capacity,
    }));
    y += AREA_H + GAP;
  }

  const sections: SectionGeo[] = [];
  const rows: RowGeo[] = [];
  const all: SeatGeo[] = [];
  let currentSection: string | null = null;
  for (const key of rowKeys) {
    const list = byRow.get(key)!.slice().sort((a, b) => a.number - b.number);
    const section = list[0].section;
    if (section !== currentSection) {
      if (currentSection !== null) y += GAP;
      sections.push({ key: section, name: names.get(section) ?? section, y: y + HEADER * 0.7, price: list[0].price });
      y += HEADER;
      currentSection = section;
    }
    const rowIndex = rows.length;
    const x0 = (width - list.length * PITCH) / 2 + PITCH / 2;
    const cy = y + PITCH / 2;
    const row: RowGeo = { section, label: list[0].row, y: cy, seats: [] };
    list.forEach((seat, col) => {
      const geo: SeatGeo = { ...seat, x: x0 + col * PITCH, y: cy, rowIndex, col };
      row.seats.push(geo);
      all.push(geo);
    });
    rows.push(row);
    y += PITCH;
  }
  const height = y + 4;
  return { width, height, stage, sections, rows, seats: all, seatsById: new Map(all.map((s) => [s.id, s])), areas: areaGeos, names };
}

/** Price tiers, most expensive first: the seat colours and the legend. */
export function priceTiers(seats: SeatView[], areas: AreaView[]): string[] {
  const prices = new Set<string>();
  seats.forEach((s) => prices.add(s.price));
  areas.forEach((a) => prices.add(a.price));
  return [...prices].sort((a, b) => Number(b) - Number(a));
}

export const tierColor = (tiers: string[], price: string) => `var(--tier-${(Math.max(0, tiers.indexOf(price)) % 5) + 1})`;

/** The seat a keyboard arrow moves to, or undefined at the edge. */
export function neighbour(layout: Layout, from: SeatGeo, key: string): SeatGeo | undefined {
  const row = layout.rows[from.rowIndex];
  switch (key) {
    case 'ArrowLeft': return row.seats[from.col - 1];
    case 'ArrowRight': return row.seats[from.col + 1];
    case 'Home': return row.seats[0];
    case 'End': return row.seats[row.seats.length - 1];
    case 'ArrowUp':
    case 'ArrowDown': {
      const next = layout.rows[from.rowIndex + (key === 'ArrowUp' ? -1 : 1)];
      if (!next) return undefined;
      return next.seats.reduce((best, s) => (Math.abs(s.x - from.x) < Math.abs(best.x - from.x) ? s : best));
    }
    default: return undefined;
  }
}
