package io.bookit.webhook;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

final class WebhookDtos {

    /** The subscribable event types ({@link WebhookEventType}); a test keeps the two lists equal. */
    static final String EVENT_TYPE = "order\\.confirmed|order\\.refunded|order\\.expired|ticket\\.checked_in"
            + "|ticket\\.transferred|event\\.published|event\\.cancelled|event\\.sold_out";
    static final String EVENT_TYPE_RULE = "must be one of order.confirmed, order.refunded, order.expired, "
            + "ticket.checked_in, ticket.transferred, event.published, event.cancelled, event.sold_out";

    private WebhookDtos() {
    }

    record CreateEndpoint(
            @NotBlank @Size(max = WebhookTargets.MAX_URL_LENGTH) String url,
            @NotEmpty @Size(max = 20) List<@NotNull @Pattern(regexp = EVENT_TYPE, message = EVENT_TYPE_RULE) String> events,
            @Size(max = 500) String description) {
    }

    /** Absent fields stay as they are; {@code enabled: true} turns a disabled endpoint on again. */
    record PatchEndpoint(
            @Size(min = 1, max = WebhookTargets.MAX_URL_LENGTH) String url,
            @Size(min = 1, max = 20) List<@NotNull @Pattern(regexp = EVENT_TYPE, message = EVENT_TYPE_RULE) String> events,
            @Size(max = 500) String description,
            Boolean enabled) {
    }

    record EndpointView(UUID id, String url, List<String> events, String description,
            @Schema(description = "Shown only in the answers of create and rotate-secret") String secret,
            boolean enabled,
            @Schema(description = "Why Bookit disabled the endpoint, when it did") String disabledReason,
            @Schema(description = "Until when the previous secret still signs (after a rotation)") Instant previousSecretExpiresAt,
            Instant createdAt) {

        static EndpointView of(WebhookEndpoint endpoint) {
            return of(endpoint, null);
        }

        static EndpointView of(WebhookEndpoint endpoint, String secret) {
            Instant previousUntil = endpoint.previousSecretUntil != null && endpoint.previousSecretUntil.isAfter(Instant.now())
                    ? endpoint.previousSecretUntil : null;
            return new EndpointView(endpoint.id, endpoint.url, endpoint.events, endpoint.description, secret,
                    endpoint.enabled, endpoint.disabledReason, previousUntil, endpoint.createdAt);
        }
    }

    record EndpointList(List<EndpointView> items) {
    }

    record DeliveryView(UUID id, UUID endpointId,
            @Schema(description = "The body's id: the same for every attempt and redelivery of this event") UUID eventId,
            String type, DeliveryStatus status, int attempts, Integer lastResponseCode, Integer lastDurationMs,
            @Schema(description = "The first bytes of the receiver's last answer") String lastResponseBody,
            @Schema(description = "Why the last attempt got no answer (timeout, refused target, connection)") String lastError,
            Instant createdAt, Instant nextAttemptAt, Instant deliveredAt) {

        static DeliveryView of(WebhookDelivery delivery) {
            return new DeliveryView(delivery.id, delivery.endpointId, delivery.eventId, delivery.type, delivery.status,
                    delivery.attempts, delivery.lastResponseCode, delivery.lastDurationMs, delivery.lastResponseBody,
                    delivery.lastError, delivery.createdAt, delivery.nextAttemptAt, delivery.deliveredAt);
        }
    }

    record DeliveryList(List<DeliveryView> items) {
    }
}
