import type { EventView } from '../api/types';

const palettes = [
  ['#3b2bb5', '#b0246a'], ['#0b7a75', '#2f6db5'], ['#b4521a', '#b0246a'], ['#2f6db5', '#3b2bb5'], ['#16161d', '#3b2bb5'],
];

function hash(s: string) {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) | 0;
  return Math.abs(h);
}

/** The event's image, or generated art from its id when it has none; always the same box (no jump on load). */
export function EventArt({ event, class: cls, eager }: { event: EventView; class?: string; eager?: boolean }) {
  if (event.imageUrl) {
    return (
      <div class={`event-art ${cls ?? ''}`}>
        <img src={event.imageUrl} alt="" loading={eager ? 'eager' : 'lazy'} decoding="async" />
      </div>
    );
  }
  const h = hash(event.id);
  const [a, b] = palettes[h % palettes.length];
  const angle = h % 360;
  return (
    <div class={`event-art ${cls ?? ''}`} style={{ background: `linear-gradient(${angle}deg, ${a}, ${b})` }} aria-hidden="true">
      <svg viewBox="0 0 160 90" preserveAspectRatio="xMidYMid slice">
        <g fill="#fff" opacity="0.14">
          <circle cx={20 + (h % 120)} cy="20" r="46" />
          <circle cx={140 - (h % 90)} cy="90" r="60" />
        </g>
        <g fill="#fff" opacity="0.35">
          {Array.from({ length: 5 }, (_, r) => Array.from({ length: 12 }, (_, s) => (
            <circle key={`${r}-${s}`} cx={36 + s * 8} cy={44 + r * 8} r="2.4" />
          )))}
        </g>
      </svg>
    </div>
  );
}
