// The compact seat map (docs/LIVE_SEAT_MAP.md, "Compact seat map"): 2 bits a seat in layout order, base64.
import type { SeatStatus } from '../api/types';

const STATUSES: SeatStatus[] = ['AVAILABLE', 'HELD', 'SOLD'];

/** Seat id -> status, for the seat ids in layout order. */
export function decodeStatuses(order: string[], statuses: string): Map<string, SeatStatus> {
  const bytes = atob(statuses);
  const map = new Map<string, SeatStatus>();
  order.forEach((id, i) => {
    const bits = (bytes.charCodeAt(i >> 2) >> (6 - 2 * (i & 3))) & 3;
    map.set(id, STATUSES[bits] ?? 'SOLD'); // 11 is reserved: never offer such a seat
  });
  return map;
}
