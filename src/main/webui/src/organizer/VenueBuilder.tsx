import { useMemo, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { consoleApi } from '../api/organizer';
import type { AreaView, SeatView, SectionKind, VenueSection } from '../api/types';
import { computeLayout } from '../seatmap/layout';
import { MiniMap } from '../seatmap/MiniMap';
import { Button } from '../ui/Button';
import { ErrorMessage } from '../ui/ErrorMessage';
import { Icon } from '../ui/Icon';
import { usePageFocus } from '../ui/hooks';
import { Guard } from './Guard';
import { browserZone, zones } from './zoned';
import './console.css';

interface RowDraft { label: string; seats: string }
interface SectionDraft { key: string; name: string; kind: SectionKind; capacity: string; rows: RowDraft[] }

const KEY = /^[A-Z0-9]{1,12}$/;
const cleanKey = (v: string) => v.toUpperCase().replace(/[^A-Z0-9]/g, '').slice(0, 12);
/** A → B, Z → AA: the label after the previous row's. */
function nextLabel(prev?: string): string {
  if (!prev) return 'A';
  if (/^\d+$/.test(prev)) return String(Number(prev) + 1);
  const chars = prev.split('');
  for (let i = chars.length - 1; i >= 0; i--) {
    if (chars[i] !== 'Z') { chars[i] = String.fromCharCode(chars[i].charCodeAt(0) + 1); return chars.join(''); }
    chars[i] = 'A';
  }
  return `A${chars.join('')}`;
}

/** The sections as the API takes them, and the problems that would make the server refuse them. */
function toSpec(sections: SectionDraft[]): { spec: VenueSection[]; problems: string[] } {
  const problems: string[] = [];
  const keys = new Set<string>();
  const spec = sections.map((s, i): VenueSection => {
    const where = `Section ${i + 1}${s.name ? ` (${s.name})` : ''}`;
    if (!KEY.test(s.key)) problems.push(`${where}: the key needs 1 to 12 letters A–Z or digits.`);
    else if (keys.has(s.key)) problems.push(`${where}: the key ${s.key} is used twice.`);
    keys.add(s.key);
    if (!s.name.trim()) problems.push(`${where}: give it a name.`);
    if (s.kind === 'GENERAL_ADMISSION') {
      const capacity = Number(s.capacity);
      if (!(capacity >= 1)) problems.push(`${where}: a standing area needs a capacity of at least 1.`);
      return { key: s.key, name: s.name.trim(), kind: s.kind, capacity };
    }
    if (!s.rows.length) problems.push(`${where}: add at least one row.`);
    const labels = new Set<string>();
    s.rows.forEach((r, j) => {
      if (!KEY.test(r.label)) problems.push(`${where}, row ${j + 1}: the label needs 1 to 12 letters A–Z or digits.`);
      else if (labels.has(r.label)) problems.push(`${where}: row ${r.label} is there twice.`);
      labels.add(r.label);
      if (!(Number(r.seats) >= 1 && Number(r.seats) <= 1000)) problems.push(`${where}, row ${r.label || j + 1}: 1 to 1000 seats.`);
    });
    return { key: s.key, name: s.name.trim(), kind: s.kind, rows: s.rows.map((r) => ({ label: r.label, seats: Number(r.seats) })) };
  });
  if (!sections.length) problems.push('Add a section: rows of seats or a standing area.');
  return { spec, problems };
}

/** Seats and areas for the preview, as the seat map would list them. */
function previewOf(spec: VenueSection[]) {
  const seats: SeatView[] = [];
  const areas: AreaView[] = [];
  for (const s of spec) {
    if (!KEY.test(s.key)) continue;
    if (s.kind === 'GENERAL_ADMISSION') {
      if (s.capacity && s.capacity > 0) areas.push({ section: s.key, capacity: s.capacity, available: s.capacity, price: '0' });
      continue;
    }
    for (const r of s.rows ?? []) {
      for (let n = 1; n <= Math.min(r.seats, 1000); n++) {
        seats.push({ id: `${s.key}-${r.label}-${n}`, section: s.key, row: r.label, number: n, price: '0', status: 'AVAILABLE' });
      }
    }
  }
  return { seats, areas };
}

export function VenueBuilder() {
  return <Guard role="ORGANIZER"><Builder /></Guard>;
}

function Builder() {
  const heading = usePageFocus<HTMLHeadingElement>('New venue');
  const { route } = useLocation();
  const [name, setName] = useState('');
  const [address, setAddress] = useState('');
  const [timezone, setTimezone] = useState(browserZone());
  const [sections, setSections] = useState<SectionDraft[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [showProblems, setShowProblems] = useState(false);
  const allZones = useMemo(zones, []);

  const { spec, problems } = toSpec(sections);
  const preview = useMemo(() => {
    const { seats, areas } = previewOf(spec);
    return { layout: computeLayout(seats, areas, { id: '', name, timezone, sections: spec }), seats: seats.length,
      standing: areas.reduce((n, a) => n + a.capacity, 0) };
  }, [JSON.stringify(spec)]);

  const update = (i: number, patch: Partial<SectionDraft>) => setSections(sections.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  const addSection = () => setSections([...sections, { key: '', name: '', kind: 'SEATED', capacity: '', rows: [] }]);
  const removeSection = (i: number) => setSections(sections.filter((_, j) => j !== i));
  const addRow = (i: number) => {
    const rows = sections[i].rows;
    const last = rows[rows.length - 1];
    update(i, { rows: [...rows, { label: nextLabel(last?.label), seats: last?.seats ?? '10' }] });
  };
  const addRows = (i: number, count: number, seats: number) => {
    let label = sections[i].rows[sections[i].rows.length - 1]?.label;
    const rows = [...sections[i].rows];
    for (let n = 0; n < count; n++) { label = nextLabel(label); rows.push({ label, seats: String(seats) }); }
    update(i, { rows });
  };

  const save = async (e: Event) => {
    e.preventDefault();
    setShowProblems(true);
    if (problems.length) return;
    setBusy(true);
    setError(undefined);
    try {
      const venue = await consoleApi.venues.create({ name: name.trim(), address: address.trim(), timezone, sections: spec });
      route(`/organizer/events/new?venue=${venue.id}`);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <div class="page console">
      <nav class="crumbs" aria-label="Breadcrumb"><a href="/organizer">Console</a> / New venue</nav>
      <div class="console__head"><h1 ref={heading} tabIndex={-1}>New venue</h1></div>
      <div class="editor editor--split">
        <form class="stack" data-testid="venue-form" onSubmit={save} noValidate>
          {error !== undefined && <ErrorMessage error={error} />}
          <div class="form-grid form-grid--2">
            <label class="field field--wide">
              <span class="field__label">Name</span>
              <input class="input" required maxLength={200} value={name} data-testid="venue-name" onInput={(e) => setName((e.target as HTMLInputElement).value)} />
            </label>
            <label class="field">
              <span class="field__label">Address</span>
              <input class="input" required maxLength={500} value={address} data-testid="venue-address" onInput={(e) => setAddress((e.target as HTMLInputElement).value)} />
            </label>
            <label class="field">
              <span class="field__label">Time zone</span>
              <select class="select" value={timezone} data-testid="venue-timezone" onChange={(e) => setTimezone((e.target as HTMLSelectElement).value)}>
                {(allZones.includes(timezone) ? allZones : [timezone, ...allZones]).map((z) => <option key={z} value={z}>{z}</option>)}
              </select>
              <span class="field__hint">Event times are entered and shown in this zone.</span>
            </label>
          </div>

          <h2 class="section-title">Sections</h2>
          {sections.length === 0 && <p class="muted small">No sections yet: add rows of numbered seats or a standing area.</p>}
          {sections.map((s, i) => (
            <SectionEditor key={i} index={i} section={s} onChange={(p) => update(i, p)} onRemove={() => removeSection(i)}
              onAddRow={() => addRow(i)} onAddRows={(count, seats) => addRows(i, count, seats)} />
          ))}
          <Button variant="secondary" onClick={addSection} data-testid="venue-section-add"><Icon name="plus" />Add a section</Button>

          {showProblems && problems.length > 0 && (
            <div class="notice notice--danger" role="alert">
              <Icon name="alert" class="notice__icon" />
              <div><p class="notice__title">Check the venue</p><ul>{problems.map((p) => <li key={p}>{p}</li>)}</ul></div>
            </div>
          )}
          <div class="form-actions">
            <Button type="submit" size="lg" loading={busy} data-testid="venue-save">Save venue</Button>
            <a class="btn btn--ghost" href="/organizer">Back to the console</a>
          </div>
        </form>
        <aside class="editor__aside panel preview" aria-label="Preview">
          <div class="panel__head"><h2>Preview</h2></div>
          {preview.seats + preview.standing > 0
            ? <MiniMap layout={preview.layout} label={`Preview: ${preview.seats} seats and ${preview.standing} standing places`} testId="venue-preview" />
            : <p class="chart-empty">The seat map appears here as you add rows and areas.</p>}
          <p class="preview__summary">{preview.seats} seats · {preview.standing} standing · {preview.seats + preview.standing} places in all</p>
        </aside>
      </div>
    </div>
  );
}

interface SectionProps {
  index: number;
  section: SectionDraft;
  onChange: (patch: Partial<SectionDraft>) => void;
  onRemove: () => void;
  onAddRow: () => void;
  onAddRows: (count: number, seats: number) => void;
}

function SectionEditor({ index, section: s, onChange, onRemove, onAddRow, onAddRows }: SectionProps) {
  const [bulk, setBulk] = useState({ count: '5', seats: '12' });
  const id = `section-${index}`;
  const setRow = (j: number, patch: Partial<RowDraft>) => onChange({ rows: s.rows.map((r, k) => (k === j ? { ...r, ...patch } : r)) });
  return (
    <section class="vsection" aria-labelledby={`${id}-title`} data-index={index}>
      <div class="vsection__head">
        <h3 id={`${id}-title`}>{s.name || `Section ${index + 1}`}{s.key && <span class="muted small"> · {s.key}</span>}</h3>
        <Button variant="ghost" onClick={onRemove} aria-label={`Remove ${s.name || `section ${index + 1}`}`}>Remove</Button>
      </div>
      <div class="vsection__body">
        <div class="form-grid form-grid--3">
          <label class="field">
            <span class="field__label">Name</span>
            <input class="input" value={s.name} maxLength={100} data-testid="section-name" data-index={index}
              onInput={(e) => onChange({ name: (e.target as HTMLInputElement).value })} />
          </label>
          <label class="field">
            <span class="field__label">Key</span>
            <input class="input" value={s.key} maxLength={12} autocapitalize="characters" data-testid="section-key" data-index={index}
              aria-describedby={`${id}-key-hint`} onInput={(e) => onChange({ key: cleanKey((e.target as HTMLInputElement).value) })} />
            <span class="field__hint" id={`${id}-key-hint`}>A–Z, 0–9; seat ids read KEY-ROW-NUMBER.</span>
          </label>
          <label class="field">
            <span class="field__label">Kind</span>
            <select class="select" value={s.kind} data-testid="section-kind" data-index={index}
              onChange={(e) => onChange({ kind: (e.target as HTMLSelectElement).value as SectionKind })}>
              <option value="SEATED">Seated rows</option>
              <option value="GENERAL_ADMISSION">Standing area</option>
            </select>
          </label>
        </div>
        {s.kind === 'GENERAL_ADMISSION' ? (
          <label class="field">
            <span class="field__label">Capacity (places)</span>
            <input class="input" type="number" inputMode="numeric" min={1} max={1000000} value={s.capacity} data-testid="section-capacity"
              data-index={index} onInput={(e) => onChange({ capacity: (e.target as HTMLInputElement).value })} />
          </label>
        ) : (
          <>
            <div class="rows" role="list" aria-label={`Rows of ${s.name || `section ${index + 1}`}`}>
              {s.rows.map((r, j) => (
                <div class="row-line" role="listitem" key={j}>
                  <label class="field">
                    <span class="field__label">Row</span>
                    <input class="input" value={r.label} maxLength={12} data-testid="row-label" data-index={j}
                      onInput={(e) => setRow(j, { label: cleanKey((e.target as HTMLInputElement).value) })} />
                  </label>
                  <label class="field">
                    <span class="field__label">Seats</span>
                    <input class="input" type="number" inputMode="numeric" min={1} max={1000} value={r.seats} data-testid="row-seats" data-index={j}
                      onInput={(e) => setRow(j, { seats: (e.target as HTMLInputElement).value })} />
                  </label>
                  <button type="button" class="btn btn--ghost btn--icon" aria-label={`Remove row ${r.label || j + 1}`}
                    onClick={() => onChange({ rows: s.rows.filter((_, k) => k !== j) })}><Icon name="minus" /></button>
                </div>
              ))}
            </div>
            <div class="form-actions">
              <Button variant="secondary" onClick={onAddRow} data-testid="venue-row-add"><Icon name="plus" />Add a row</Button>
            </div>
            <div class="bulk">
              <label class="field">
                <span class="field__label">Rows to add</span>
                <input class="input" type="number" min={1} max={100} value={bulk.count} onInput={(e) => setBulk({ ...bulk, count: (e.target as HTMLInputElement).value })} />
              </label>
              <label class="field">
                <span class="field__label">Seats each</span>
                <input class="input" type="number" min={1} max={1000} value={bulk.seats} onInput={(e) => setBulk({ ...bulk, seats: (e.target as HTMLInputElement).value })} />
              </label>
              <Button variant="secondary" onClick={() => onAddRows(Math.min(100, Math.max(1, Number(bulk.count) || 1)), Math.min(1000, Math.max(1, Number(bulk.seats) || 1)))}>
                Add {bulk.count || 0} rows
              </Button>
            </div>
          </>
        )}
      </div>
    </section>
  );
}
