import { useEffect } from 'preact/hooks';
import { clock } from '../ui/format';
import { useSecondsLeft } from '../ui/hooks';
import { Icon } from '../ui/Icon';

/** The hold's countdown (test id `hold-timer`, `data-expires-at`); calls onExpired once at zero. */
export function Countdown({ expiresAt, onExpired }: { expiresAt: string; onExpired: () => void }) {
  const left = useSecondsLeft(Date.parse(expiresAt)) ?? 0;
  useEffect(() => {
    if (left <= 0) onExpired();
  }, [left <= 0]);
  const urgency = left <= 30 ? 'danger' : left <= 120 ? 'warning' : 'brand';
  const minuteMark = left > 0 && left % 60 === 0;
  return (
    <span class={`badge badge--${urgency} timer`} data-testid="hold-timer" data-expires-at={expiresAt}
      role="timer" aria-live={minuteMark || left === 30 ? 'polite' : 'off'}
      aria-label={`Seats held for ${Math.floor(left / 60)} minutes ${left % 60} seconds`}>
      <Icon name="clock" size={14} />
      <span class="num">{clock(left)}</span>
    </span>
  );
}
