package io.bookit.ratelimit;

import io.bookit.common.LuaScript;
import io.bookit.common.ProblemException;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Token buckets in Redis, one atomic script per check, shared by every instance. A call over its limit fails
 * with 429 and {@code Retry-After}; nothing else of the call happens. An empty bucket (the call that took its last
 * token, or one refused) is remembered in {@link EmptyBuckets} until it can refill, so the calls after it are
 * refused in front of the REST layer without asking Redis.
 */
@ApplicationScoped
public class RateLimiter {

    private static final LuaScript BUCKET = LuaScript.load("ratelimit");
    private static final List<String> SCOPES = List.of("address", "user");
    private static final String USER_AT_ADDRESS = "user-at-address";

    private final ReactiveRedisDataSource redis;
    private final RateLimitsConfig config;
    private final MeterRegistry metrics;
    private final EmptyBuckets refusals;

    RateLimiter(ReactiveRedisDataSource redis, RateLimitsConfig config, MeterRegistry metrics, EmptyBuckets refusals) {
        this.redis = redis;
        this.config = config;
        this.metrics = metrics;
        this.refusals = refusals;
    }

    public enum Call {
        LOGIN(RateLimitsConfig::login),
        REGISTER(RateLimitsConfig::register),
        HOLDS(RateLimitsConfig::holds),
        ORDERS(RateLimitsConfig::orders),
        QUEUE_JOINS(RateLimitsConfig::queueJoins),
        QUEUE_POLLS(RateLimitsConfig::queuePolls),
        TRANSFERS(RateLimitsConfig::transfers);

        final Function<RateLimitsConfig, RateLimitsConfig.Limit> limit;

        Call(Function<RateLimitsConfig, RateLimitsConfig.Limit> limit) {
            this.limit = limit;
        }
    }

    /**
     * Takes a token for the user (may be null; before login: the e-mail), for the address, and for the user at the
     * address, from those of the call's buckets that are configured.
     */
    public Uni<Void> check(Call call, String user, String address) {
        if (!config.enabled()) {
            return Uni.createFrom().voidItem();
        }
        RateLimitsConfig.Limit limit = call.limit.apply(config);
        // independent buckets (different Redis slots): asked at once, so a limited call costs one round trip
        return Uni.combine().all().unis(take(call, "address", address, limit.perAddress().orElse(null)),
                take(call, "user", user, limit.perUser().orElse(null)),
                take(call, USER_AT_ADDRESS, userAtAddress(user, address), limit.perUserAndAddress().orElse(null)))
                .discardItems();
    }

    /**
     * The call that {@link #check} let through succeeded: its per-user-and-address token goes back, so that bucket
     * counts failures only (login: wrong passwords of an account from one address).
     */
    public Uni<Void> succeeded(Call call, String user, String address) {
        RateLimitsConfig.Bucket bucket = call.limit.apply(config).perUserAndAddress().orElse(null);
        String subject = userAtAddress(user, address);
        if (!config.enabled() || bucket == null || subject == null) {
            return Uni.createFrom().voidItem();
        }
        String key = bucket(call, USER_AT_ADDRESS, subject);
        refusals.bucketRefilled(key);
        return BUCKET.run(redis, List.of(key), List.of(Integer.toString(bucket.capacity()),
                Double.toString(bucket.perMinute() / 60.0), "-1")).replaceWithVoid();
    }

    private static String userAtAddress(String user, String address) {
        return user == null || address == null ? null : user + "@" + address;
    }

    /**
     * The refusal this instance already knows for the call from the user (may be null) or the address, without
     * asking Redis; null when it must ask. Counted like a refusal from Redis.
     */
    public ProblemException knownRefusal(Call call, String user, String address) {
        if (!config.enabled()) {
            return null;
        }
        long now = System.currentTimeMillis();
        for (String scope : SCOPES) {
            String subject = scope.equals("user") ? user : address;
            long waitMs = subject == null ? 0 : refusals.bucketEmptyFor(bucket(call, scope, subject), now);
            if (waitMs > 0) {
                return refused(call, scope, waitMs);
            }
        }
        return null;
    }

    private Uni<Void> take(Call call, String scope, String subject, RateLimitsConfig.Bucket bucket) {
        if (bucket == null || subject == null) {
            return Uni.createFrom().voidItem();
        }
        String key = bucket(call, scope, subject);
        double perSecond = bucket.perMinute() / 60.0;
        return BUCKET.run(redis, List.of(key), List.of(Integer.toString(bucket.capacity()), Double.toString(perSecond)))
                .invoke(answer -> {
                    long waitMs = answer.get(1).toLong();
                    if (waitMs > 0) { // empty now, whether this call took the last token or found none
                        refusals.bucketEmpty(key, System.currentTimeMillis() + waitMs);
                    }
                    if (answer.get(0).toInteger() == 0) {
                        throw refused(call, scope, waitMs);
                    }
                }).replaceWithVoid();
    }

    private ProblemException refused(Call call, String scope, long waitMs) {
        metrics.counter("bookit.rate.limited", "call", call.name(), "scope", scope).increment();
        long seconds = Math.max(1, (waitMs + 999) / 1000);
        return new ProblemException(429, "rate-limited", "Too many requests",
                "Too many " + call.name().toLowerCase(Locale.ROOT).replace('_', ' ') + " requests; retry in " + seconds + " s")
                .with("retryAfterSeconds", seconds)
                .header("Retry-After", Long.toString(seconds));
    }

    private static String bucket(Call call, String scope, String subject) {
        return "bk:rl:{" + call.name().toLowerCase(Locale.ROOT) + ":" + scope + ":" + subject + "}";
    }
}
