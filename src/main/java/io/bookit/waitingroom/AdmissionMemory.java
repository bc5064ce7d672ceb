package io.bookit.waitingroom;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What this instance knows about events behind a waiting room, so that a crowd repeating token-less holds is
 * refused by {@code edge/EarlyRefusalRoute} in front of the REST layer, without Redis.
 * <p>
 * An event whose hold script asked for an admission token, or whose queue answered with a drawn position or an
 * admission token: token-less holds are refused without asking Redis for {@link #ADMISSION_MEMORY_MS}. After that,
 * one token-less hold every {@link #ADMISSION_PROBE_MS} goes on to ask the script again while the others are still
 * refused from memory: the answer renews the memory, or a hold that passes the room's check (the owner switched it
 * off) forgets it. Without that single probe a crowd's token-less holds would all go the whole way at once each
 * time the memory ran out. With no answer either way for {@link #ADMISSION_STALE_MS} the memory ends. So the other
 * instances than the one that switched the room off may refuse token-less holds for about
 * {@link #ADMISSION_MEMORY_MS} after the change (longer only while the holds let through fail before the room's
 * check, e.g. for unknown seats).
 * <p>
 * Bounded by {@link #MAX_ENTRIES}. (Empty rate-limit buckets are remembered apart, in {@code ratelimit/EmptyBuckets}.)
 */
@ApplicationScoped
public class AdmissionMemory {

    static final int MAX_ENTRIES = 100_000;
    static final long ADMISSION_MEMORY_MS = 1_000;
    static final long ADMISSION_PROBE_MS = 200;
    static final long ADMISSION_STALE_MS = 10_000;

    private final Map<UUID, Admission> admissionRequired = new ConcurrentHashMap<>();

    /** An event known to need admission tokens: certain until {@code until}; the last hold let through at probedAt. */
    private static final class Admission {
        volatile long until;
        final AtomicLong probedAt = new AtomicLong();

        Admission(long until) {
            this.until = until;
        }
    }

    /**
     * The event's waiting room is on: its hold script refused a token-less hold, or its queue answered with a drawn
     * position or an admission token.
     */
    public void admissionRequired(UUID eventId) {
        admissionRequired(eventId, System.currentTimeMillis());
    }

    void admissionRequired(UUID eventId, long now) {
        Admission known = admissionRequired.get(eventId);
        if (known != null) {
            known.until = now + ADMISSION_MEMORY_MS;
            return;
        }
        if (admissionRequired.size() >= MAX_ENTRIES) {
            admissionRequired.clear(); // one entry per event behind a waiting room: not reached in practice
        }
        admissionRequired.put(eventId, new Admission(now + ADMISSION_MEMORY_MS));
    }

    /** The event's waiting room is off: a token-less hold passed its check, or the owner or the queue said so. */
    public void admissionNotRequired(UUID eventId) {
        admissionRequired.remove(eventId);
    }

    /**
     * Whether to refuse a token-less hold on the event from memory. False for the one hold that goes on to ask the
     * script again once the memory is older than {@link #ADMISSION_MEMORY_MS} (and one every
     * {@link #ADMISSION_PROBE_MS} after it until an answer comes).
     */
    public boolean requiresAdmission(UUID eventId, long now) {
        Admission known = admissionRequired.get(eventId);
        if (known == null) {
            return false;
        }
        if (now < known.until) {
            return true;
        }
        if (now - known.until > ADMISSION_STALE_MS) {
            admissionRequired.remove(eventId, known);
            return false;
        }
        long probed = known.probedAt.get();
        return now - probed < ADMISSION_PROBE_MS || !known.probedAt.compareAndSet(probed, now);
    }
}
