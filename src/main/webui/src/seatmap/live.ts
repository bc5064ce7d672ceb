// The live seat map feed (docs/LIVE_SEAT_MAP.md): a snapshot, then deltas that must follow on from the last version;
// a gap asks for a fresh snapshot; a dropped connection reconnects with backoff (1 s, 2 s, 4 s, ... 30 s), and a
// server that is restarting (close code 1012, a rolling deploy) at once, to another instance behind the balancer.
import { liveSeatMapUrl } from '../api/client';
import type { LiveFrame, SeatStatus } from '../api/types';
import { decodeStatuses } from './compact';

export interface LiveState {
  statuses: Map<string, SeatStatus>;
  areas: Map<string, number>;
  version: number;
  live: boolean;
  onSale?: boolean;
  salesEndAt?: string | null;
}

const NO_RECONNECT = new Set([4400, 4404]);
const SERVICE_RESTART = 1012;

export class LiveFeed {
  private socket?: WebSocket;
  private retry = 0;
  private timer?: ReturnType<typeof setTimeout>;
  private synced = false;
  private stopped = false;
  state: LiveState = { statuses: new Map(), areas: new Map(), version: -1, live: false };
  /** Seat ids in layout order (GET /layout): the socket's compact snapshots are decoded with it; set before connect(). */
  order: string[] = [];

  constructor(private eventId: string, private onChange: (state: LiveState) => void, private onDrop: () => void) {
    document.addEventListener('visibilitychange', this.onVisible);
    addEventListener('online', this.onVisible);
  }

  /**
   * State from GET /seats: draws the map before the socket's snapshot arrives, and keeps it current while the
   * socket is down. While the feed is live it is the authority and this is ignored.
   */
  seed(version: number, statuses: Map<string, SeatStatus>, areas: Map<string, number>, extra: Partial<LiveState> = {}) {
    if (this.state.live) return;
    this.state = { ...this.state, ...extra, version, statuses, areas };
    this.onChange(this.state);
  }

  connect() {
    if (this.stopped || (this.socket && this.socket.readyState <= WebSocket.OPEN)) return;
    clearTimeout(this.timer);
    const socket = new WebSocket(liveSeatMapUrl(this.eventId));
    this.socket = socket;
    this.synced = false;
    socket.onmessage = (e) => this.receive(e.data);
    socket.onclose = (e) => {
      if (this.socket !== socket) return;
      this.setLive(false);
      if (this.stopped || NO_RECONNECT.has(e.code)) return;
      this.onDrop();
      // after a restart, within half a second (spread, so that a whole instance's clients do not arrive at once)
      const restart = e.code === SERVICE_RESTART && this.retry === 0;
      const delay = restart ? Math.random() * 500 : Math.min(30_000, 1000 * 2 ** this.retry);
      this.retry++;
      this.timer = setTimeout(() => this.connect(), delay);
    };
  }

  close() {
    this.stopped = true;
    clearTimeout(this.timer);
    document.removeEventListener('visibilitychange', this.onVisible);
    removeEventListener('online', this.onVisible);
    this.socket?.close(1000);
  }

  private onVisible = () => {
    if (document.visibilityState === 'visible' && !this.state.live && !this.stopped) {
      this.retry = 0;
      this.connect();
    }
  };

  private setLive(live: boolean) {
    if (this.state.live !== live) {
      this.state = { ...this.state, live };
      this.onChange(this.state);
    }
  }

  private receive(data: unknown) {
    if (typeof data !== 'string') return;
    let frame: LiveFrame;
    try { frame = JSON.parse(data); } catch { return; }
    if (frame.type === 'snapshot') {
      const statuses = decodeStatuses(this.order, frame.statuses);
      const areas = new Map<string, number>();
      frame.areas.forEach((a) => areas.set(a.section, a.available));
      this.synced = true;
      this.retry = 0;
      this.state = {
        statuses, areas, version: frame.version, live: true,
        onSale: frame.onSale ?? this.state.onSale, salesEndAt: frame.salesEndAt ?? this.state.salesEndAt,
      };
      this.onChange(this.state);
    } else if (frame.type === 'delta') {
      if (!this.synced) return;                      // waiting for the snapshot a resync asked for
      const from = frame.fromVersion ?? frame.version;
      if (from !== this.state.version + 1) {         // a gap: start over from a fresh snapshot
        this.synced = false;
        this.socket?.send(JSON.stringify({ type: 'resync' }));
        return;
      }
      const statuses = new Map(this.state.statuses);
      frame.changes.forEach((c) => statuses.set(c.id, c.status));
      const areas = new Map(this.state.areas);
      frame.areas.forEach((a) => areas.set(a.section, a.available));
      this.state = { ...this.state, statuses, areas, version: frame.version };
      this.onChange(this.state);
    }
  }
}
