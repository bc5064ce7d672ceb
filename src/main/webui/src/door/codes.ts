// Offline validation of ticket codes with the check-in bundle (docs/TICKETS.md, "Offline scanning"):
// BK1.<payload>.<signature>, payload = ticket id (16 bytes), event id (16), key id (big-endian int32), code generation 0;
// BK2 (a code rotated by a transfer) adds the code generation (big-endian int32, > 0) to the payload. The signature is
// Ed25519 over the ASCII bytes of "BKn.<payload>", checked with WebCrypto (no crypto library in the page).
import type { CheckinBundle } from '../api/types';

export type Verdict =
  | { ok: true; ticketId: string }
  | { ok: false; reason: 'invalid' | 'wrong-event' | 'void' | 'superseded'; ticketId?: string };

function fromBase64Url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  try {
    const bin = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((text.length + 3) % 4));
    return Uint8Array.from(bin, (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

const uuid = (b: Uint8Array) => {
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};

export interface ParsedCode {
  ticketId: string; eventId: string; keyId: number; generation: number; signed: string; signature: Uint8Array;
}

export function parseCode(text: string): ParsedCode | null {
  const parts = text.trim().split('.');
  const rotated = parts[0] === 'BK2';
  if (parts.length !== 3 || !(rotated || parts[0] === 'BK1')) return null;
  const payload = fromBase64Url(parts[1]);
  const signature = fromBase64Url(parts[2]);
  if (!payload || !signature || payload.length !== (rotated ? 40 : 36) || signature.length !== 64) return null;
  const fields = new DataView(payload.buffer, payload.byteOffset);
  const keyId = fields.getInt32(32);
  const generation = rotated ? fields.getInt32(36) : 0;
  if (keyId <= 0 || (rotated && generation <= 0)) return null;
  return {
    ticketId: uuid(payload.slice(0, 16)), eventId: uuid(payload.slice(16, 32)), keyId, generation,
    signed: `${parts[0]}.${parts[1]}`, signature,
  };
}

const keyCache = new Map<string, Promise<CryptoKey | null>>();
function importKey(spkiBase64: string): Promise<CryptoKey | null> {
  let key = keyCache.get(spkiBase64);
  if (!key) {
    const der = Uint8Array.from(atob(spkiBase64), (c) => c.charCodeAt(0));
    key = crypto.subtle.importKey('spki', der, { name: 'Ed25519' }, false, ['verify']).catch(() => null);
    keyCache.set(spkiBase64, key);
  }
  return key;
}

/** True where this browser can verify Ed25519 (Chrome 137+, Safari 17+, Firefox 129+); else only the online check counts. */
export async function canVerifyOffline(bundle: CheckinBundle): Promise<boolean> {
  return !!bundle.keys[0] && !!crypto?.subtle && (await importKey(bundle.keys[0].publicKey)) !== null;
}

/** What the bundle says about a code, without the network. */
export async function verifyOffline(text: string, bundle: CheckinBundle): Promise<Verdict> {
  const code = parseCode(text);
  if (!code) return { ok: false, reason: 'invalid' };
  if (code.eventId !== bundle.eventId) return { ok: false, reason: 'wrong-event', ticketId: code.ticketId };
  const spki = bundle.keys.find((k) => k.keyId === code.keyId)?.publicKey;
  const key = spki ? await importKey(spki) : null;
  if (!key) return { ok: false, reason: 'invalid', ticketId: code.ticketId };
  const good = await crypto.subtle.verify({ name: 'Ed25519' }, key, code.signature as BufferSource, new TextEncoder().encode(code.signed));
  if (!good) return { ok: false, reason: 'invalid', ticketId: code.ticketId };
  if (bundle.voidTicketIds.includes(code.ticketId)) return { ok: false, reason: 'void', ticketId: code.ticketId };
  const current = bundle.codeGenerations?.find((g) => g.ticketId === code.ticketId)?.generation ?? 0;
  if (code.generation < current) return { ok: false, reason: 'superseded', ticketId: code.ticketId };
  return { ok: true, ticketId: code.ticketId };
}
