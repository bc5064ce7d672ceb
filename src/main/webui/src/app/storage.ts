// Small per-tab memory (sessionStorage) that survives a reload: the current hold, the waiting-room entry and
// admission, a selection made before logging in. Nothing secret but the admission token, which is bound to the user.
export function stored<T>(key: string) {
  const k = `bookit.${key}`;
  return {
    get(): T | undefined {
      try {
        const raw = sessionStorage.getItem(k);
        return raw ? (JSON.parse(raw) as T) : undefined;
      } catch {
        return undefined;
      }
    },
    set(value: T) {
      sessionStorage.setItem(k, JSON.stringify(value));
    },
    clear() {
      sessionStorage.removeItem(k);
    },
  };
}

export interface Admission {
  token: string;
  /** epoch ms */
  until: number;
  userId?: string;
}

export const admissionFor = (eventId: string) => stored<Admission>(`admission.${eventId}`);
export const queueEntryFor = (eventId: string) => stored<{ queueId: string; userId?: string }>(`queue.${eventId}`);
export const holdFor = (eventId: string) => stored<{ holdId: string; userId?: string }>(`hold.${eventId}`);
export const pendingSelectionFor = (eventId: string) => stored<string[]>(`selection.${eventId}`);

/** A valid admission of this user for this event, if any. */
export function currentAdmission(eventId: string, userId?: string): Admission | undefined {
  const a = admissionFor(eventId).get();
  if (!a || a.until <= Date.now() || (userId && a.userId && a.userId !== userId)) return undefined;
  return a;
}
