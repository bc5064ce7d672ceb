package io.bookit.webhook;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;

/** Outbound organizer webhooks (docs/WEBHOOKS.md, docs/CONFIGURATION.md "Organizer webhooks"). */
@ConfigMapping(prefix = "bookit.webhooks")
public interface WebhookConfig {

    Retry retry();

    /** How long one attempt may take, connecting and answering included; longer counts as a failure. */
    @WithDefault("10s")
    Duration timeout();

    /**
     * Lets endpoints point at loopback, link-local and private addresses, and use plain http (on-premise receivers,
     * local test receivers). Off in production: only https to public addresses, checked again at every send.
     */
    @WithDefault("false")
    boolean allowPrivateTargets();

    /** How often each instance looks for deliveries that are due. */
    @WithDefault("1s")
    Duration pollInterval();

    /** Deliveries one round of one instance claims at most. */
    @WithDefault("100")
    @Min(1)
    @Max(1000)
    int batchSize();

    /** Requests in flight to one endpoint at once, per instance (also the connection pool per endpoint). */
    @WithDefault("4")
    @Min(1)
    @Max(64)
    int maxConnectionsPerEndpoint();

    /** Bytes of a receiver's answer that are read and kept in the delivery log; the rest is discarded. */
    @WithDefault("1024")
    @Min(0)
    @Max(65536)
    int maxResponseBody();

    /** How long the previous secret keeps signing after a rotation (a second {@code v1=}). */
    @WithDefault("24h")
    Duration previousSecretValidity();

    /** Deliveries that end FAILED in a row (no success between them) before the endpoint is disabled. */
    @WithDefault("5")
    @Min(1)
    int disableAfter();

    /** Endpoints one organizer may have. */
    @WithDefault("20")
    @Min(1)
    int maxEndpointsPerOrganizer();

    interface Retry {

        /** Wait before the second attempt; it doubles with each failure (with jitter), up to {@link #maxDelay()}. */
        @WithDefault("30s")
        Duration initialDelay();

        /** Longest wait between two attempts. */
        @WithDefault("1h")
        Duration maxDelay();

        /** A delivery not delivered this long after it was created (or redelivered) is FAILED. */
        @WithDefault("3d")
        Duration maxAge();
    }
}
