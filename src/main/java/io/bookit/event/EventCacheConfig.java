package io.bookit.event;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The shared cache of public event reads (see {@link EventCache}). */
@ConfigMapping(prefix = "bookit.events.cache")
interface EventCacheConfig {

    /** Off: every read asks PostgreSQL (writes still invalidate, for instances that have it on). */
    @WithDefault("true")
    boolean enabled();

    /** How long an event's public view is kept; writes invalidate it at once. */
    @WithDefault("5m")
    Duration detailsTtl();

    /** How long a page of the public listing is kept; any event write invalidates every page at once. */
    @WithDefault("30s")
    Duration listingTtl();

    /** At most this many listing pages (distinct queries) are stored per listing-ttl; the rest are read uncached. */
    @WithDefault("1000")
    int maxQueries();

    /** {@code Cache-Control: public, max-age} of public reads, for browsers and CDNs; 0 = revalidate every time. */
    @WithDefault("5s")
    Duration maxAge();
}
