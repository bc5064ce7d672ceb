// Money and dates for people: in the buyer's language, dates in the venue's time zone.
const lang = () => (typeof navigator !== 'undefined' ? navigator.language : 'en');

export function money(amount: string | number, currency: string): string {
  const n = typeof amount === 'string' ? Number(amount) : amount;
  try {
    return new Intl.NumberFormat(lang(), { style: 'currency', currency }).format(n);
  } catch {
    return `${n.toFixed(2)} ${currency}`;
  }
}

export function dateTime(iso: string, timeZone?: string, opts: Intl.DateTimeFormatOptions = {}): string {
  const options: Intl.DateTimeFormatOptions = {
    weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', ...opts,
  };
  try {
    return new Intl.DateTimeFormat(lang(), { ...options, timeZone }).format(new Date(iso));
  } catch {
    return new Date(iso).toLocaleString();
  }
}

export function dayParts(iso: string, timeZone?: string) {
  const d = new Date(iso);
  const f = (o: Intl.DateTimeFormatOptions) => {
    try { return new Intl.DateTimeFormat(lang(), { ...o, timeZone }).format(d); } catch { return new Intl.DateTimeFormat(lang(), o).format(d); }
  };
  return { month: f({ month: 'short' }), day: f({ day: 'numeric' }), weekday: f({ weekday: 'short' }), time: f({ hour: '2-digit', minute: '2-digit' }) };
}

/** 75 → "1:15" */
export function clock(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const m = Math.floor(s / 60);
  return `${m}:${String(s % 60).padStart(2, '0')}`;
}

/** 90 → "about 2 minutes" */
export function roughDuration(seconds: number): string {
  if (seconds < 60) return 'less than a minute';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `about ${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.round(minutes / 6) / 10;
  return `about ${hours} hour${hours === 1 ? '' : 's'}`;
}

/** Seat ids are SECTION-ROW-NUMBER: "ORCH-A-12" → {section: ORCH, row: A, number: 12}; an area is just its key. */
export function parseSeat(id: string): { section: string; row?: string; number?: number } {
  const parts = id.split('-');
  if (parts.length < 3) return { section: id };
  return { section: parts[0], row: parts.slice(1, -1).join('-'), number: Number(parts[parts.length - 1]) };
}
