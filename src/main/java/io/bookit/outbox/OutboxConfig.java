package io.bookit.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;

/** How the outbox relay claims and publishes rows (docs/PAYMENTS.md, "Order events"). */
@ConfigMapping(prefix = "bookit.outbox")
interface OutboxConfig {

    /** How often each instance looks for unpublished rows (a round that is still waiting is not started again). */
    @WithDefault("1s")
    Duration relayInterval();

    /**
     * Rows one round claims and sends at once. At most the channel's {@code max-inflight-messages} (1024): every row
     * of a batch is in flight together.
     */
    @WithDefault("200")
    @Min(1)
    @Max(1000)
    int batchSize();

    /**
     * How long a claim keeps other relays off its rows. The claiming relay renews it every third of this while it
     * waits for the broker, so a slow broker does not hand the rows to a second relay; it only lapses when the relay
     * stopped (crashed, or gave up after {@link #publishTimeout()}). At least 3 s.
     */
    @WithDefault("30s")
    Duration lease();

    /** How long a round waits for the broker's confirms; rows still unconfirmed then go out in a later round. */
    @WithDefault("30s")
    Duration publishTimeout();
}
