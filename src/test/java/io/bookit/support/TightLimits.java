package io.bookit.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * Abuse limits on and small enough to reach in a test, and the app behind a trusted proxy at this machine's
 * 127.0.0.1 (so that a test can act as many clients through {@code X-Forwarded-For}, while a connection from
 * 127.0.0.2 is not a trusted proxy). One profile for every test of limits, so Quarkus starts once for all of them.
 */
public class TightLimits implements QuarkusTestProfile {

    /** Live seat map sockets: in all, and from one client address. */
    public static final int LIVE_SUBSCRIBERS = 5;
    public static final int LIVE_SUBSCRIBERS_PER_ADDRESS = 2;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.ofEntries(Map.entry("bookit.rate-limits.enabled", "true"),
                Map.entry("bookit.rate-limits.max-queue-calls-in-flight", "2"),
                Map.entry("bookit.rate-limits.login.per-user-and-address.capacity", "3"),
                Map.entry("bookit.rate-limits.login.per-user-and-address.per-minute", "12"),
                // every test account logs in from this one address
                Map.entry("bookit.rate-limits.login.per-address.capacity", "1000"),
                Map.entry("bookit.rate-limits.login.per-address.per-minute", "6000"),
                Map.entry("bookit.rate-limits.holds.per-user.capacity", "2"),
                Map.entry("bookit.rate-limits.holds.per-user.per-minute", "6"),
                Map.entry("bookit.rate-limits.queue-joins.per-user.capacity", "2"),
                Map.entry("bookit.rate-limits.queue-joins.per-user.per-minute", "60"),
                Map.entry("bookit.rate-limits.transfers.per-user.capacity", "2"),
                Map.entry("bookit.rate-limits.transfers.per-user.per-minute", "1"),
                Map.entry("bookit.rate-limits.queue-polls.per-user.capacity", "2"),
                Map.entry("bookit.rate-limits.queue-polls.per-user.per-minute", "20"),
                Map.entry("bookit.rate-limits.register.per-address.capacity", "1000"),
                Map.entry("bookit.rate-limits.register.per-address.per-minute", "6000"),
                Map.entry("quarkus.http.proxy.proxy-address-forwarding", "true"),
                Map.entry("quarkus.http.proxy.allow-x-forwarded", "true"),
                Map.entry("quarkus.http.proxy.trusted-proxies", "127.0.0.1,::1"),
                Map.entry("bookit.live.max-subscribers", Integer.toString(LIVE_SUBSCRIBERS)),
                Map.entry("bookit.live.max-subscribers-per-address", Integer.toString(LIVE_SUBSCRIBERS_PER_ADDRESS)));
    }
}
