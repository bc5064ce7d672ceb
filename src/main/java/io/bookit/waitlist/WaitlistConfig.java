package io.bookit.waitlist;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "bookit.waitlist")
public interface WaitlistConfig {

    /** How long an offer's hold keeps its places for the entry before they pass to the next one. */
    @WithDefault("10M")
    Duration offerTtl();

    /**
     * How many times an entry that does not fit may be passed over (an entry behind it got an offer) before it blocks
     * the entries behind it and freed places are kept for it (docs/WAITING_LIST.md, "Fairness").
     */
    @WithDefault("3")
    int maxPasses();

    /** How often each instance writes the offers made in Redis to PostgreSQL (and queues their mails). */
    @WithDefault("1S")
    Duration jobInterval();

    /** How often each instance puts the events with live entries back into the job's index (after a Redis loss). */
    @WithDefault("10S")
    Duration reindexInterval();
}
