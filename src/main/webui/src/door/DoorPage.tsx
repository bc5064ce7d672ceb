import { useEffect, useRef, useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import { ApiError, api, slugOf } from '../api/client';
import { consoleApi } from '../api/organizer';
import type { EventView } from '../api/types';
import { Guard } from '../organizer/Guard';
import { Button } from '../ui/Button';
import { ErrorMessage } from '../ui/ErrorMessage';
import { Icon } from '../ui/Icon';
import { usePageFocus } from '../ui/hooks';
import { canVerifyOffline, verifyOffline } from './codes';
import { startScanner, type Scanner } from './camera';
import { keepShellOffline, loadDoor, nonce, saveDoor, type DoorState, type QueuedScan } from './doorState';
import './door.css';

/** data-result values (UI.md) */
type Result = 'ok' | 'already-checked-in' | 'invalid' | 'wrong-event' | 'void' | 'superseded';

interface Answer {
  result: Result;
  title: string;
  detail?: string;
  offline?: boolean;
  at: number;
}

const BUNDLE_REFRESH_MS = 5 * 60_000;
const SYNC_MS = 5_000;
/** The camera sees the same code many times a second: one answer per code in this window. */
const SAME_CODE_MS = 3_000;

const time = (iso: string | number) => new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });

const refusalWords: Record<string, { title: string; detail: string }> = {
  'invalid': { title: 'Not a valid ticket', detail: 'This code was not issued by Bookit or was altered.' },
  'invalid-code': { title: 'Not a valid ticket', detail: 'This code was not issued by Bookit or was altered.' },
  'wrong-event': { title: 'Wrong event', detail: 'This ticket is for another event.' },
  'void': { title: 'Ticket void', detail: 'It was refunded or cancelled.' },
  'superseded': { title: 'Old code', detail: 'The ticket was transferred: the new holder has a new code.' },
};

/** An answer from the server's problem to a check-in. */
function refusal(e: ApiError): Answer {
  const p = e.problem as Record<string, any>;
  if (slugOf(e.problem.type) === 'already-checked-in') {
    return { result: 'already-checked-in', title: 'Already checked in', detail: `at ${time(p.checkedInAt)}${p.seat ? ` · ${p.seat}` : ''}`, at: Date.now() };
  }
  const reason = String(p.reason ?? 'invalid');
  const w = refusalWords[reason] ?? refusalWords.invalid;
  const result: Result = reason === 'invalid-code' ? 'invalid' : (['wrong-event', 'void', 'superseded'].includes(reason) ? reason : 'invalid') as Result;
  return { result, title: w.title, detail: w.detail, at: Date.now() };
}

/** /door/{eventId}: the door staff's scanner, for a phone held in one hand. */
export function DoorPage() {
  return <Guard><Door /></Guard>;
}

function Door() {
  const { params } = useRoute();
  const eventId: string = params.id;
  const [event, setEvent] = useState<EventView>();
  const [loadError, setLoadError] = useState<unknown>();
  const state = useRef<DoorState>(loadDoor(eventId));
  const [, setTick] = useState(0);
  const changed = () => { saveDoor(eventId, state.current); setTick((t) => t + 1); };
  const [answer, setAnswer] = useState<Answer>();
  const [online, setOnline] = useState(navigator.onLine);
  const [offlineReady, setOfflineReady] = useState(false);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [camera, setCamera] = useState<'off' | 'starting' | 'on'>('off');
  const [engine, setEngine] = useState<string>();
  const [shell, setShell] = useState(false);
  const [cameraError, setCameraError] = useState<string>();
  const [synced, setSynced] = useState<string>();
  const video = useRef<HTMLVideoElement>(null);
  const scanner = useRef<Scanner>();
  const lastCode = useRef<{ code: string; at: number }>();
  const eventName = event?.name ?? state.current.eventName;
  const heading = usePageFocus<HTMLHeadingElement>(eventName ? `Door: ${eventName}` : 'Door');

  // --- the event and the check-in bundle (kept for offline use)
  const refreshBundle = async () => {
    try {
      state.current.bundle = await consoleApi.door.bundle(eventId);
      changed();
      setOnline(true);
    } catch (e) {
      if (e instanceof ApiError && e.status === 0) setOnline(false);
      else if (!state.current.bundle) setLoadError(e);
    }
  };
  useEffect(() => {
    api.events.get(eventId).then((e) => {
      setEvent(e);
      state.current.eventName = e.name;
      changed();
    }, (e) => { if (!(e instanceof ApiError && e.status === 0)) setLoadError(e); });
    keepShellOffline(() => setShell(true));
    refreshBundle();
    const t = setInterval(() => navigator.onLine && refreshBundle(), BUNDLE_REFRESH_MS);
    const up = () => { setOnline(true); refreshBundle(); sync(); };
    const down = () => setOnline(false);
    addEventListener('online', up);
    addEventListener('offline', down);
    return () => { clearInterval(t); removeEventListener('online', up); removeEventListener('offline', down); scanner.current?.stop(); };
  }, [eventId]);
  useEffect(() => {
    const b = state.current.bundle;
    if (b) canVerifyOffline(b).then(setOfflineReady);
  }, [state.current.bundle?.generatedAt]);

  // --- scans made offline go to the server when it can be reached again; it may refuse some
  const syncing = useRef(false);
  const sync = async () => {
    const s = state.current;
    if (syncing.current || !s.queue.length) return;
    syncing.current = true;
    let sent = 0;
    let refused = 0;
    try {
      while (s.queue.length) {
        const scan: QueuedScan = s.queue[0];
        try {
          await consoleApi.door.checkIn(eventId, scan.code, scan.nonce);
        } catch (e) {
          if (!(e instanceof ApiError) || e.status === 0) { setOnline(false); break; }
          if (e.status === 409 || e.status === 422) {
            const a = refusal(e);
            s.refused.unshift({ ticketId: scan.ticketId, reason: a.result, detail: `${a.title}${a.detail ? ` ${a.detail}` : ''}`, scannedAt: scan.scannedAt });
            s.count = Math.max(0, s.count - 1);   // this device did not let that ticket in after all
            refused++;
          } else {
            break;   // 401/403/429/5xx: keep the scan queued and try later
          }
        }
        s.queue.shift();
        sent++;
        changed();
      }
    } finally {
      syncing.current = false;
    }
    if (sent) {
      setOnline(true);
      setSynced(`Sent ${sent} offline scan${sent === 1 ? '' : 's'}${refused ? `; the server refused ${refused}` : '; all accepted'}.`);
    }
  };
  useEffect(() => {
    const t = setInterval(() => { if (state.current.queue.length && navigator.onLine) sync(); }, SYNC_MS);
    return () => clearInterval(t);
  }, [eventId]);

  // --- one scan: the server decides when it can be reached; the bundle when it cannot
  const show = (a: Answer) => {
    setAnswer(a);
    navigator.vibrate?.(a.result === 'ok' ? 80 : [160, 80, 160]);
  };
  const admit = (ticketId: string) => {
    state.current.admitted[ticketId] = Date.now();
    state.current.count++;
    changed();
  };
  const offlineAnswer = async (text: string): Promise<Answer> => {
    const s = state.current;
    if (!s.bundle || !offlineReady) {
      return { result: 'invalid', title: 'Cannot check offline', detail: 'No connection, and this device has no check-in data yet. Connect once before doors open.', offline: true, at: Date.now() };
    }
    const verdict = await verifyOffline(text, s.bundle);
    if (!verdict.ok) {
      const w = refusalWords[verdict.reason];
      return { result: verdict.reason, title: w.title, detail: w.detail, offline: true, at: Date.now() };
    }
    const seen = s.admitted[verdict.ticketId];
    if (seen) return { result: 'already-checked-in', title: 'Already checked in', detail: `at ${time(seen)} on this device`, offline: true, at: Date.now() };
    s.queue.push({ code: text, nonce: nonce(), ticketId: verdict.ticketId, scannedAt: Date.now() });
    admit(verdict.ticketId);
    return { result: 'ok', title: 'Valid: come in', detail: 'Checked offline; sent when back online.', offline: true, at: Date.now() };
  };
  const scan = async (raw: string) => {
    const text = raw.trim();
    if (!text || busy) return;
    setBusy(true);
    try {
      if (!navigator.onLine) { show(await offlineAnswer(text)); return; }
      try {
        const ok = await consoleApi.door.checkIn(eventId, text, nonce());
        setOnline(true);
        admit(ok.ticketId);
        show({ result: 'ok', title: 'Valid: come in', detail: `${ok.seat} · ${ok.holderName}`, at: Date.now() });
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        if (e.status === 0) { setOnline(false); show(await offlineAnswer(text)); return; }
        if (e.status === 409 || e.status === 422) { setOnline(true); show(refusal(e)); return; }
        throw e;
      }
    } catch (e) {
      setAnswer(undefined);
      setLoadError(e);
    } finally {
      setBusy(false);
    }
  };
  const submit = (e: Event) => {
    e.preventDefault();
    scan(code).then(() => setCode(''));
  };

  // --- camera
  const onCode = (text: string) => {
    const last = lastCode.current;
    if (last && last.code === text && Date.now() - last.at < SAME_CODE_MS) return;
    lastCode.current = { code: text, at: Date.now() };
    scan(text);
  };
  const toggleCamera = async () => {
    if (scanner.current) { scanner.current.stop(); scanner.current = undefined; setCamera('off'); return; }
    setCameraError(undefined);
    setCamera('starting');
    try {
      scanner.current = await startScanner(video.current!, onCode);
      setEngine(scanner.current.engine);
      setCamera('on');
    } catch (e) {
      setCamera('off');
      setCameraError((e as Error).name === 'NotAllowedError' ? 'Camera access was refused. Allow it in the browser settings, or type the code.' : (e as Error).message || 'The camera could not start.');
    }
  };

  const s = state.current;
  const okAnswer = answer?.result === 'ok';
  return (
    <div class="door" data-testid="door" data-online={String(online)} data-offline-ready={String(offlineReady)} data-queued={s.queue.length} data-camera={camera} data-engine={engine} data-offline-shell={String(shell)}>
      <div class="door__bar">
        <div class="door__event">
          <h1 ref={heading} tabIndex={-1}>{eventName ?? 'Door'}</h1>
          <span class={`door__net ${online ? 'is-on' : 'is-off'}`} data-testid="door-network">
            {online ? 'Online' : offlineReady ? 'Offline: checking on this device' : 'Offline'}
            {s.queue.length > 0 && ` · ${s.queue.length} to send`}
          </span>
        </div>
        <div class="door__count" data-testid="scan-count" data-value={s.count} aria-label={`${s.count} checked in on this device`}>
          <span class="num">{s.count}</span><span class="door__count-label">in</span>
        </div>
      </div>

      {loadError !== undefined && <div class="door__pad"><ErrorMessage error={loadError} /></div>}

      <div class="door__stage">
        <video ref={video} class="door__video" muted playsInline hidden={camera === 'off'} aria-label="Camera view" />
        <div class={`door__result ${answer ? (okAnswer ? 'is-ok' : 'is-bad') : 'is-idle'}`} data-testid="scan-result"
          data-result={answer?.result ?? ''} data-offline={answer?.offline ? 'true' : undefined} role="status" aria-live="assertive">
          {answer ? (
            <>
              <span class="door__icon" aria-hidden="true">{okAnswer ? <Icon name="check" size={72} /> : <span class="door__x">✕</span>}</span>
              <p class="door__title">{answer.title}</p>
              {answer.detail && <p class="door__detail">{answer.detail}</p>}
              <p class="door__when">{time(answer.at)}{answer.offline ? ' · offline' : ''}</p>
            </>
          ) : (
            <p class="door__hint">{camera === 'on' ? 'Point the camera at a ticket’s QR code.' : 'Scan a ticket with the camera, or type its code below.'}</p>
          )}
        </div>
      </div>

      {(synced || s.refused.length > 0) && (
        <div class="door__pad door__sync" data-testid="sync-report" data-refused={s.refused.length}>
          {synced && <p class="small"><strong>{synced}</strong></p>}
          {s.refused.length > 0 && (
            <details open>
              <summary>Refused after the fact ({s.refused.length}): turn these guests back or check them by hand</summary>
              <ul class="door__refused">
                {s.refused.map((r) => (
                  <li key={`${r.ticketId}-${r.scannedAt}`} data-testid="sync-refused" data-ticket-id={r.ticketId} data-result={r.reason}>
                    <span class="num">{time(r.scannedAt)}</span> · ticket …{r.ticketId.slice(-6)} · {r.detail}
                  </li>
                ))}
              </ul>
              <Button variant="ghost" onClick={() => { s.refused = []; changed(); }}>Clear this list</Button>
            </details>
          )}
        </div>
      )}
      {cameraError && <div class="door__pad"><div class="notice notice--warning" role="alert"><Icon name="alert" class="notice__icon" /><p>{cameraError}</p></div></div>}

      <div class="door__controls">
        <form class="door__manual" onSubmit={submit}>
          <label class="visually-hidden" for="scan-code">Ticket code</label>
          <input id="scan-code" class="input" placeholder="Ticket code (BK1.… or BK2.…)" autocomplete="off" autocapitalize="off" spellcheck={false}
            value={code} data-testid="scan-input" onInput={(e) => setCode((e.target as HTMLInputElement).value)} />
          <Button type="submit" size="lg" loading={busy} data-testid="scan-submit">Check</Button>
        </form>
        <Button variant={camera === 'on' ? 'secondary' : 'primary'} size="lg" block loading={camera === 'starting'} onClick={toggleCamera} data-testid="scan-camera">
          {camera === 'on' ? 'Stop camera' : 'Scan with camera'}
        </Button>
      </div>
    </div>
  );
}
