package io.bookit.ratelimit;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Refusals this instance already knows the answer to, so that a crowd repeating a refused call is answered by
 * {@link EarlyRefusalRoute} before authentication, the REST layer and Redis.
 * <ul>
 * <li>An empty token bucket stays empty until the time Redis named when a call took its last token or was refused:
 * no instance can take a token from it before then (others only empty it further), so answering 429 from memory
 * until then refuses exactly what Redis would refuse.</li>
 * <li>An event whose hold script asked for an admission token: a token-less hold is refused again for
 * {@link #ADMISSION_MEMORY_MS} without asking Redis. When the owner switches the room off, an instance may refuse
 * token-less holds for that long after the change.</li>
 * </ul>
 * Both maps are bounded; expired entries are swept when one grows past {@link #MAX_ENTRIES}.
 */
@ApplicationScoped
public class KnownRefusals {

    static final int MAX_ENTRIES = 100_000;
    static final long ADMISSION_MEMORY_MS = 1_000;

    private final Map<String, Long> emptyBuckets = new ConcurrentHashMap<>();
    private final Map<UUID, Long> admissionRequired = new ConcurrentHashMap<>();

    /** {@code bucket} has no token until {@code untilMillis}, as Redis answered. */
    void bucketEmpty(String bucket, long untilMillis) {
        put(emptyBuckets, bucket, untilMillis);
    }

    /** Milliseconds until {@code bucket} may have a token again; 0 when nothing is known. */
    long bucketEmptyFor(String bucket, long now) {
        Long until = emptyBuckets.get(bucket);
        return until == null || until <= now ? 0 : until - now;
    }

    /** The event's hold script refused a hold without an admission token: its waiting room is on. */
    public void admissionRequired(UUID eventId) {
        put(admissionRequired, eventId, System.currentTimeMillis() + ADMISSION_MEMORY_MS);
    }

    boolean requiresAdmission(UUID eventId, long now) {
        Long until = admissionRequired.get(eventId);
        return until != null && until > now;
    }

    private static <K> void put(Map<K, Long> map, K key, long untilMillis) {
        if (map.size() >= MAX_ENTRIES) {
            long now = System.currentTimeMillis();
            map.values().removeIf(until -> until <= now);
            if (map.size() >= MAX_ENTRIES) {
                map.clear(); // a flood of distinct keys: forgetting only costs Redis round trips
            }
        }
        map.merge(key, untilMillis, Math::max);
    }
}
