package io.bookit.ticket;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Ticket transfers (docs/TICKETS.md, "Transfers"). */
@ConfigMapping(prefix = "bookit.transfers")
public interface TransfersConfig {

    /** How long a transfer waits for its recipient; it expires at the event's start if that comes first. */
    @WithDefault("7D")
    Duration ttl();

    /** How often {@link TransferExpiryJob} marks overdue pending transfers EXPIRED. */
    @WithDefault("30S")
    Duration expiryInterval();
}
