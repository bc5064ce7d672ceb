import { useEffect, useState } from 'preact/hooks';

type Listener = (message: string | null) => void;
const listeners = new Set<Listener>();
let timer: ReturnType<typeof setTimeout> | undefined;

/** A short message that does not need an answer ("A seat you picked was just taken"). */
export function toast(message: string) {
  listeners.forEach((l) => l(message));
  clearTimeout(timer);
  timer = setTimeout(() => listeners.forEach((l) => l(null)), 5000);
}

export function ToastRegion() {
  const [message, setMessage] = useState<string | null>(null);
  useEffect(() => {
    listeners.add(setMessage);
    return () => { listeners.delete(setMessage); };
  }, []);
  return (
    <div class="toast-region" role="status" aria-live="polite">
      {message && <div class="toast">{message}</div>}
    </div>
  );
}
