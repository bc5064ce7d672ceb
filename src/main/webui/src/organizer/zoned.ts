// `datetime-local` values ("2027-03-01T19:30") are wall-clock times in the venue's time zone; the API takes instants.
// Converted with Intl only (no time-zone library): the zone's offset at that moment, checked twice across DST changes.

function offsetMs(ts: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(new Date(ts));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - Math.floor(ts / 1000) * 1000;
}

/** "2027-03-01T19:30" in `timeZone` → "2027-03-01T18:30:00.000Z"; undefined for an empty or malformed value. */
export function zonedToInstant(local: string, timeZone: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!m) return undefined;
  const wall = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]);
  let ts = wall - offsetMs(wall, timeZone);
  ts = wall - offsetMs(ts, timeZone);
  return new Date(ts).toISOString();
}

/** An instant → "2027-03-01T19:30" in `timeZone` (for a datetime-local input). */
export function instantToZoned(iso: string | null | undefined, timeZone: string): string {
  if (!iso) return '';
  const ts = Date.parse(iso);
  const local = new Date(ts + offsetMs(ts, timeZone));
  return local.toISOString().slice(0, 16);
}

/** The browser's time zone, the default for a new venue. */
export const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

/** Time zones to pick from (all of them where the browser can list them). */
export function zones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  const list = intl.supportedValuesOf?.('timeZone') ?? [];
  return list.length ? list : ['UTC', 'Europe/London', 'Europe/Berlin', 'America/New_York', 'America/Los_Angeles', 'Asia/Tokyo'];
}
