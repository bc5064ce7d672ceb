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
 * with 429 and {@code Retry-After}; nothing else of the call happens.
 */
@ApplicationScoped
public class RateLimiter {

    private static final LuaScript BUCKET = LuaScript.load("ratelimit");

    private final ReactiveRedisDataSource redis;
    private final RateLimitsConfig config;
    private final MeterRegistry metrics;

    RateLimiter(ReactiveRedisDataSource redis, RateLimitsConfig config, MeterRegistry metrics) {
        this.redis = redis;
        this.config = config;
        this.metrics = metrics;
    }

    public enum Call {
        LOGIN(RateLimitsConfig::login),
        REGISTER(RateLimitsConfig::register),
        HOLDS(RateLimitsConfig::holds),
        ORDERS(RateLimitsConfig::orders),
        QUEUE_JOINS(RateLimitsConfig::queueJoins);

        final Function<RateLimitsConfig, RateLimitsConfig.Limit> limit;

        Call(Function<RateLimitsConfig, RateLimitsConfig.Limit> limit) {
            this.limit = limit;
        }
    }

    /** Takes a token for the user (may be null, e.g. before login: the e-mail or nothing) and for the address. */
    public Uni<Void> check(Call call, String user, String address) {
        if (!config.enabled()) {
            return Uni.createFrom().voidItem();
        }
        RateLimitsConfig.Limit limit = call.limit.apply(config);
        // two independent buckets (different Redis slots): asked at once, so a limited call costs one round trip
        return Uni.combine().all().unis(take(call, "address", address, limit.perAddress().orElse(null)),
                take(call, "user", user, limit.perUser().orElse(null))).discardItems();
    }

    private Uni<Void> take(Call call, String scope, String subject, RateLimitsConfig.Bucket bucket) {
        if (bucket == null || subject == null) {
            return Uni.createFrom().voidItem();
        }
        String key = "bk:rl:{" + call.name().toLowerCase(Locale.ROOT) + ":" + scope + ":" + subject + "}";
        double perSecond = bucket.perMinute() / 60.0;
        return BUCKET.run(redis, List.of(key), List.of(Integer.toString(bucket.capacity()), Double.toString(perSecond)))
                .invoke(answer -> {
                    if (answer.get(0).toInteger() == 0) {
                        metrics.counter("bookit.rate.limited", "call", call.name(), "scope", scope).increment();
                        long seconds = Math.max(1, (answer.get(1).toLong() + 999) / 1000);
                        throw new ProblemException(429, "rate-limited", "Too many requests",
                                "Too many " + call.name().toLowerCase(Locale.ROOT).replace('_', ' ') + " requests; retry in " + seconds + " s")
                                .with("retryAfterSeconds", seconds)
                                .header("Retry-After", Long.toString(seconds));
                    }
                }).replaceWithVoid();
    }
}
