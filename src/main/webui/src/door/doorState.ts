// What a door scanner keeps on the device (localStorage, per event), so a reload or a dead zone loses nothing:
// the check-in bundle, the tickets it admitted, the scans made offline still to be sent, and what the server refused.
import type { CheckinBundle } from '../api/types';

export interface QueuedScan { code: string; nonce: string; ticketId: string; scannedAt: number }
export interface Refusal { ticketId: string; reason: string; detail: string; scannedAt: number }

export interface DoorState {
  bundle?: CheckinBundle;
  /** shown while offline, when the event cannot be fetched */
  eventName?: string;
  /** ticket id → when this device let it in (epoch ms) */
  admitted: Record<string, number>;
  count: number;
  queue: QueuedScan[];
  refused: Refusal[];
}

const key = (eventId: string) => `bookit.door.${eventId}`;

export function loadDoor(eventId: string): DoorState {
  try {
    const raw = localStorage.getItem(key(eventId));
    if (raw) return { admitted: {}, count: 0, queue: [], refused: [], ...JSON.parse(raw) };
  } catch { /* a damaged entry starts afresh */ }
  return { admitted: {}, count: 0, queue: [], refused: [] };
}

export function saveDoor(eventId: string, state: DoorState) {
  try { localStorage.setItem(key(eventId), JSON.stringify(state)); } catch { /* storage full: keep going in memory */ }
}

/** A nonce per scan, so a retried or queued scan gets its first answer again (no crypto.randomUUID on plain http). */
export function nonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `door-${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * Registers the scanner's offline shell (public/door-sw.js, scope /door/) and has it cache the page and the assets
 * this page runs on; `onReady` is called once they are cached. Production builds only (the dev server has no assets).
 */
export function keepShellOffline(onReady: () => void) {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  navigator.serviceWorker.addEventListener('message', (e) => { if (e.data?.type === 'shell-cached') onReady(); });
  // not navigator.serviceWorker.ready: it waits for a worker whose scope covers the URL the document was *opened*
  // with, and a scanner reached by a link inside the app (after logging in, say) was opened elsewhere
  navigator.serviceWorker.register('/door-sw.js', { scope: '/door/' })
    .then(activeWorker)
    .then((worker) => {
      const assets = performance.getEntriesByType('resource').map((r) => r.name).filter((u) => new URL(u).pathname.startsWith('/assets/'));
      worker.postMessage({ type: 'cache-shell', page: location.pathname, assets });
    })
    .catch(() => undefined);
}

function activeWorker(registration: ServiceWorkerRegistration): Promise<ServiceWorker> {
  return new Promise((resolve) => {
    if (registration.active) return resolve(registration.active);
    const worker = registration.installing ?? registration.waiting;
    worker?.addEventListener('statechange', () => { if (worker.state === 'activated') resolve(worker); });
  });
}
