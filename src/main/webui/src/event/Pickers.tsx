import { useState } from 'preact/hooks';
import type { AreaView } from '../api/types';
import { Button } from '../ui/Button';
import { Stepper } from '../ui/Stepper';
import { money } from '../ui/format';
import { tierColor } from '../seatmap/layout';

interface BestProps {
  sections: { key: string; name: string }[];
  max: number;
  disabled: boolean;
  busy: boolean;
  onPick: (quantity: number, section?: string) => void;
}

/** "Best available": the server picks adjacent seats nearest the stage. */
export function BestAvailable({ sections, max, disabled, busy, onPick }: BestProps) {
  const [quantity, setQuantity] = useState(Math.min(2, max));
  const [section, setSection] = useState('');
  return (
    <section class="card picker" aria-labelledby="best-title">
      <div class="card__body">
        <h2 id="best-title" class="picker__title">Best available</h2>
        <p class="muted small">We pick the best seats together, nearest the stage.</p>
        <div class="picker__row">
          <Stepper value={quantity} min={1} max={max} label="Number of seats" testId="best-available-quantity" onChange={setQuantity} />
          {sections.length > 1 && (
            <label class="picker__section">
              <span class="visually-hidden">Section</span>
              <select class="select" value={section} onChange={(e) => setSection((e.target as HTMLSelectElement).value)}>
                <option value="">Any section</option>
                {sections.map((s) => <option key={s.key} value={s.key}>{s.name}</option>)}
              </select>
            </label>
          )}
        </div>
        <Button variant="secondary" block disabled={disabled} loading={busy} data-testid="best-available"
          onClick={() => onPick(quantity, section || undefined)}>
          Find {quantity} best seat{quantity === 1 ? '' : 's'}
        </Button>
      </div>
    </section>
  );
}

interface AreaProps {
  area: AreaView;
  name: string;
  available: number;
  tiers: string[];
  currency: string;
  quantity: number;
  max: number;
  disabled: boolean;
  onQuantity: (quantity: number) => void;
}

/** A standing area: how many places (the selection becomes this area and quantity). */
export function GeneralAdmission({ area, name, available, tiers, currency, quantity, max, disabled, onQuantity }: AreaProps) {
  const soldOut = available <= 0;
  return (
    <section class="card picker ga" id={`area-${area.section}`} data-testid="ga-area" data-section={area.section}
      data-available={available} aria-labelledby={`area-title-${area.section}`}>
      <div class="card__body">
        <div class="ga__head">
          <span class="legend__dot" style={{ background: soldOut ? 'var(--seat-taken)' : tierColor(tiers, area.price) }} aria-hidden="true" />
          <h2 id={`area-title-${area.section}`} class="picker__title">{name}</h2>
          <span class="ga__price">{money(area.price, currency)}</span>
        </div>
        <p class="muted small">
          Standing · {soldOut ? <strong class="ga__soldout">Sold out</strong> : <span class="num">{available} of {area.capacity} places left</span>}
        </p>
        <div class="picker__row">
          <Stepper value={quantity} min={0} max={disabled ? 0 : Math.max(0, Math.min(max, available))} label={`Places in ${name}`}
            testId="ga-quantity" onChange={onQuantity} />
          {quantity > 0 && <span class="small muted num">{money(Number(area.price) * quantity, currency)}</span>}
        </div>
      </div>
    </section>
  );
}
