package io.bookit.ratelimit;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets this instance knows to be empty, so that a crowd repeating a refused call is answered 429 in front
 * of the REST layer ({@code edge/EarlyRefusalRoute}), without Redis. An empty bucket stays empty until the time Redis
 * named when a call took its last token or was refused: no instance can take a token from it before then (others
 * only empty it further), so answering 429 from memory until then refuses exactly what Redis would refuse.
 * Bounded by {@link #MAX_ENTRIES}; expired buckets are swept when that is reached.
 */
@ApplicationScoped
class EmptyBuckets {

    static final int MAX_ENTRIES = 100_000;

    private final Map<String, Long> emptyBuckets = new ConcurrentHashMap<>();

    /** {@code bucket} has no token until {@code untilMillis}, as Redis answered. */
    void bucketEmpty(String bucket, long untilMillis) {
        if (emptyBuckets.size() >= MAX_ENTRIES) {
            long now = System.currentTimeMillis();
            emptyBuckets.values().removeIf(until -> until <= now);
            if (emptyBuckets.size() >= MAX_ENTRIES) {
                emptyBuckets.clear(); // a flood of distinct keys: forgetting only costs Redis round trips
            }
        }
        emptyBuckets.merge(bucket, untilMillis, Math::max);
    }

    /** {@code bucket} got a token back (see RateLimiter#succeeded): it is not known to be empty any more. */
    void bucketRefilled(String bucket) {
        emptyBuckets.remove(bucket);
    }

    /** Milliseconds until {@code bucket} may have a token again; 0 when nothing is known. */
    long bucketEmptyFor(String bucket, long now) {
        Long until = emptyBuckets.get(bucket);
        return until == null || until <= now ? 0 : until - now;
    }
}
