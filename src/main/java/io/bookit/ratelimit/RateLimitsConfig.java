package io.bookit.ratelimit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/**
 * Token buckets for abuse-prone calls, per user, per client address and per user at one address:
 * {@code bookit.rate-limits.<call>.per-user|per-address|per-user-and-address.capacity} (burst) and
 * {@code .per-minute} (sustained).
 * The defaults live in application.properties. {@code bookit.rate-limits.enabled=false} turns them off.
 */
@ConfigMapping(prefix = "bookit.rate-limits")
public interface RateLimitsConfig {

    @WithDefault("true")
    boolean enabled();

    /**
     * Queue joins and polls one instance serves at once; more → 429 {@code busy} with {@code Retry-After: 1},
     * answered before any work. Holds, orders and everything else are never shed. Independent of {@link #enabled()}.
     */
    @WithDefault("64")
    int maxQueueCallsInFlight();

    Limit login();

    Limit register();

    Limit holds();

    Limit orders();

    Limit queueJoins();

    /** {@code GET /api/queue/{id}}: a waiting shopper needs one poll every few seconds at most. */
    Limit queuePolls();

    /** {@code POST /api/tickets/{id}/transfers}: each offer mails an address the caller chooses. */
    Limit transfers();

    interface Limit {
        Optional<Bucket> perUser();

        Optional<Bucket> perAddress();

        /**
         * Per user at one client address, counting only the calls that fail: a call that succeeds gives its token
         * back ({@link RateLimiter#succeeded}). Login: wrong passwords for an account from one address, so that
         * someone else's guesses from elsewhere never refuse the owner's right password.
         */
        Optional<Bucket> perUserAndAddress();
    }

    interface Bucket {
        /** Burst size. */
        int capacity();

        /** Sustained rate. */
        int perMinute();
    }
}
