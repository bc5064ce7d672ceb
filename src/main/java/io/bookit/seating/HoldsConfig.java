package io.bookit.seating;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "bookit.holds")
public interface HoldsConfig {

    /** How long a hold keeps its seats. */
    @WithDefault("10M")
    Duration ttl();

    /** How often the sweeper frees expired holds. */
    @WithDefault("1S")
    Duration sweepInterval();

    /** How long an order may take to commit a claimed hold before the sweeper frees it. */
    @WithDefault("30S")
    Duration commitGrace();
}
