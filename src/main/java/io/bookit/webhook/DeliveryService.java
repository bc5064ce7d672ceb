package io.bookit.webhook;

import io.bookit.common.DbTime;
import io.bookit.event.EventRepository;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Deliveries: one row per (event, endpoint) written when the event arrives from the outbox; claimed by
 * {@link WebhookDeliveryJob}, and each attempt's outcome recorded with the next attempt's time (exponential backoff
 * with jitter) until it succeeds or its retry window ({@code bookit.webhooks.retry.max-age}) is over.
 */
@ApplicationScoped
class DeliveryService {

    /** A claimed delivery with what sending it needs. */
    record Claimed(WebhookDelivery delivery, String url, List<String> secrets) {
    }

    /** An endpoint this outcome disabled: its organizer is told. */
    record Disabled(UUID endpointId, UUID ownerId, String url, String reason) {
    }

    /** Fields of an outbox payload that are Bookit's internals, not the organizer's business. */
    private static final List<String> INTERNAL_FIELDS = List.of("type", "holdId", "placesReleased");

    private final DeliveryRepository deliveries;
    private final WebhookRepository endpoints;
    private final EventRepository events;
    private final WebhookConfig config;

    DeliveryService(DeliveryRepository deliveries, WebhookRepository endpoints, EventRepository events,
            WebhookConfig config) {
        this.deliveries = deliveries;
        this.endpoints = endpoints;
        this.events = events;
        this.config = config;
    }

    /**
     * An outbox event becomes one delivery per enabled endpoint of the event's organizer that subscribed to its type;
     * the same message again (RabbitMQ redelivers) adds nothing. Answers how many deliveries were added.
     */
    @WithTransaction
    Uni<Integer> fanOut(UUID messageId, WebhookEventType type, JsonObject payload, Instant createdAt) {
        UUID eventId = UUID.fromString(payload.getString(WebhookEventType.EVENT_ID_FIELD));
        return events.findById(eventId).chain(event -> event == null ? Uni.createFrom().item(List.<WebhookEndpoint>of())
                : endpoints.subscribed(event.ownerId, type.wireName))
                .chain(subscribed -> {
                    String body = body(messageId, type, payload, createdAt);
                    return Multi.createFrom().iterable(subscribed)
                            .onItem().transformToUniAndConcatenate(endpoint -> deliveries.insertIfAbsent(
                                    delivery(endpoint.id, messageId, type, body)))
                            .collect().with(Collectors.summingInt(Integer::intValue));
                });
    }

    /** The body every attempt sends, byte for byte: {@code {id, type, createdAt, data}}. */
    static String body(UUID messageId, WebhookEventType type, JsonObject payload, Instant createdAt) {
        JsonObject data = payload.copy();
        INTERNAL_FIELDS.forEach(data::remove);
        return new JsonObject().put("id", messageId.toString()).put("type", type.wireName)
                .put("createdAt", createdAt.toString()).put("data", data).encode();
    }

    private static WebhookDelivery delivery(UUID endpointId, UUID messageId, WebhookEventType type, String body) {
        WebhookDelivery delivery = new WebhookDelivery();
        delivery.id = UUID.randomUUID();
        delivery.endpointId = endpointId;
        delivery.eventId = messageId;
        delivery.type = type.wireName;
        delivery.body = body;
        delivery.createdAt = DbTime.now();
        return delivery;
    }

    /** Claims due deliveries (none of the {@code busy} endpoints') with their endpoints' URLs and secrets. */
    @WithTransaction
    Uni<List<Claimed>> claim(Collection<UUID> busy, Duration lease) {
        return deliveries.claim(config.batchSize(), config.maxConnectionsPerEndpoint(), busy, lease)
                .chain(claimed -> claimed.isEmpty() ? Uni.createFrom().item(List.<Claimed>of())
                        : endpoints.byIds(claimed.stream().map(d -> d.endpointId).distinct().toList())
                                .map(found -> withEndpoints(claimed, found)));
    }

    private static List<Claimed> withEndpoints(List<WebhookDelivery> claimed, List<WebhookEndpoint> found) {
        Map<UUID, WebhookEndpoint> byId = found.stream().collect(Collectors.toMap(e -> e.id, Function.identity()));
        Instant now = Instant.now();
        return claimed.stream().filter(d -> byId.containsKey(d.endpointId)).map(d -> {
            WebhookEndpoint endpoint = byId.get(d.endpointId);
            return new Claimed(d, endpoint.url, endpoint.signingSecrets(now));
        }).toList();
    }

    /**
     * Records an attempt under the claim that made it (nothing if the claim was lost meanwhile). A delivery that
     * ends FAILED counts against its endpoint; answers the endpoint if that disabled it, else null.
     */
    @WithTransaction
    Uni<Disabled> record(WebhookDelivery delivery, WebhookGateway.Attempt attempt) {
        Instant claim = delivery.claimedUntil;
        Instant now = DbTime.now();
        WebhookDelivery outcome = outcome(delivery, attempt, now);
        return deliveries.record(outcome, claim).chain(recorded -> {
            if (!recorded) {
                return Uni.createFrom().nullItem();
            }
            if (outcome.status == DeliveryStatus.SUCCEEDED) {
                return endpoints.resetFailures(outcome.endpointId).replaceWith((Disabled) null);
            }
            if (outcome.status == DeliveryStatus.FAILED) {
                String reason = "Disabled after " + config.disableAfter()
                        + " deliveries in a row failed for " + config.retry().maxAge();
                return endpoints.countFailure(outcome.endpointId, config.disableAfter(), reason)
                        .chain(disabled -> disabled ? endpoints.findById(outcome.endpointId)
                                .map(e -> new Disabled(e.id, e.ownerId, e.url, reason)) : Uni.createFrom().nullItem());
            }
            return Uni.createFrom().nullItem();
        });
    }

    /** The delivery as this attempt leaves it: SUCCEEDED, PENDING with its next attempt, or FAILED. */
    WebhookDelivery outcome(WebhookDelivery delivery, WebhookGateway.Attempt attempt, Instant now) {
        WebhookDelivery outcome = new WebhookDelivery();
        outcome.id = delivery.id;
        outcome.endpointId = delivery.endpointId;
        outcome.lastResponseCode = attempt.status();
        outcome.lastDurationMs = attempt.durationMs();
        outcome.lastResponseBody = attempt.responseBody();
        outcome.lastError = attempt.error();
        if (attempt.succeeded()) {
            outcome.status = DeliveryStatus.SUCCEEDED;
            outcome.deliveredAt = now;
            return outcome;
        }
        Instant next = now.plus(backoff(delivery.attempts + 1));
        if (next.isAfter(delivery.retryFrom.plus(config.retry().maxAge()))) {
            outcome.status = DeliveryStatus.FAILED;
        } else {
            outcome.status = DeliveryStatus.PENDING;
            outcome.nextAttemptAt = next;
        }
        return outcome;
    }

    /**
     * The wait after the n-th failed attempt: initial-delay × 2^(n-1), at most max-delay, of which a random part
     * (up to half) is taken off so that deliveries that failed together do not all come back together.
     */
    Duration backoff(int failedAttempts) {
        long initial = config.retry().initialDelay().toMillis();
        long cap = config.retry().maxDelay().toMillis();
        long delay = failedAttempts >= 31 ? cap : Math.min(cap, initial << (failedAttempts - 1));
        return Duration.ofMillis(delay - ThreadLocalRandom.current().nextLong(delay / 2 + 1));
    }
}
