import { Icon } from './Icon';

interface Props {
  value: number;
  min?: number;
  max: number;
  label: string;
  testId?: string;
  onChange: (value: number) => void;
}

/** − [n] + with 44 px buttons; the input stays typeable for keyboards and screen readers. */
export function Stepper({ value, min = 0, max, label, testId, onChange }: Props) {
  const clamp = (n: number) => Math.max(min, Math.min(max, Number.isFinite(n) ? n : min));
  return (
    <div class="stepper">
      <button type="button" class="stepper__btn" aria-label={`Fewer (${label})`} disabled={value <= min}
        onClick={() => onChange(clamp(value - 1))}><Icon name="minus" /></button>
      <input class="stepper__input num" type="number" inputMode="numeric" min={min} max={max} value={value}
        aria-label={label} data-testid={testId}
        onInput={(e) => onChange(clamp(parseInt((e.target as HTMLInputElement).value, 10)))} />
      <button type="button" class="stepper__btn" aria-label={`More (${label})`} disabled={value >= max}
        onClick={() => onChange(clamp(value + 1))}><Icon name="plus" /></button>
    </div>
  );
}
