package io.bookit.ticket;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "bookit.tickets")
public interface TicketsConfig {

    /** The dev/test key-encryption key: public, so a production start refuses it (io.bookit.ProductionSettings). */
    String DEV_KEY_ENCRYPTION_KEY = "Ym9va2l0LWRldi1vbmx5LWtleS1lbmNyeXB0aW9uISE=";

    /** AES key (base64, 16/24/32 bytes) that encrypts the events' private signing keys at rest. */
    @WithDefault(DEV_KEY_ENCRYPTION_KEY)
    String keyEncryptionKey();

    /** How long a check-in answer is kept for a retry with the same nonce. */
    @WithDefault("24H")
    Duration nonceTtl();

    /** How long a node trusts its in-memory copy of an event's public keys before it reloads on an unknown key id. */
    @WithDefault("30S")
    Duration keyRefreshInterval();

    /** How often {@link TicketFileJob} uploads ticket files that are still missing from object storage. */
    @WithDefault("30S")
    Duration fileSweepInterval();
}
