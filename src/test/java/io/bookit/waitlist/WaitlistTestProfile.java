package io.bookit.waitlist;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Holds and offers that expire within a test; an entry blocks after being passed over twice; a quick job. */
public class WaitlistTestProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("bookit.holds.ttl", "15s", "bookit.waitlist.offer-ttl", "10s", "bookit.waitlist.max-passes", "2",
                "bookit.waitlist.job-interval", "200ms", "bookit.waitlist.reindex-interval", "1s");
    }
}
