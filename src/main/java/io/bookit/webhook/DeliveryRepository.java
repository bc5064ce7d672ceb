package io.bookit.webhook;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * Statements on {@code webhook_delivery}. A claim is the row's {@code claimed_until}, as in the outbox: a claimed row
 * is not claimed again before that moment, and an outcome is recorded only under the claim that sent it.
 */
@ApplicationScoped
@WithSession
class DeliveryRepository implements PanacheRepositoryBase<WebhookDelivery, UUID> {

    /** Inserts the delivery unless this event already has one for this endpoint (a redelivered message). */
    Uni<Integer> insertIfAbsent(WebhookDelivery delivery) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                INSERT INTO webhook_delivery (id, endpoint_id, event_id, type, body, status, attempts, created_at,
                                              retry_from, next_attempt_at)
                VALUES (?1, ?2, ?3, ?4, ?5, 'PENDING', 0, ?6, ?6, ?6)
                ON CONFLICT ON CONSTRAINT webhook_delivery_once DO NOTHING""")
                .setParameter(1, delivery.id).setParameter(2, delivery.endpointId).setParameter(3, delivery.eventId)
                .setParameter(4, delivery.type).setParameter(5, delivery.body).setParameter(6, delivery.createdAt)
                .executeUpdate());
    }

    /** The endpoint's deliveries, newest first, of one status or all. */
    Uni<List<WebhookDelivery>> listByEndpoint(UUID endpointId, DeliveryStatus status, int limit) {
        Sort newestFirst = Sort.descending("createdAt").and("id", Sort.Direction.Descending);
        return (status == null ? find("endpointId", newestFirst, endpointId)
                : find("endpointId = ?1 and status = ?2", newestFirst, endpointId, status))
                .page(Page.ofSize(limit)).list();
    }

    /**
     * Claims up to {@code size} due deliveries of enabled endpoints, at most {@code perEndpoint} of each endpoint and
     * none of the endpoints in {@code busy} (this instance still has requests in flight to them), until now + lease.
     * Under READ COMMITTED the UPDATE re-checks each row's claim after waiting for a racing claimer's lock, so two
     * instances never claim one row.
     */
    Uni<List<WebhookDelivery>> claim(int size, int perEndpoint, Collection<UUID> busy, Duration lease) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                UPDATE webhook_delivery SET claimed_until = now() + make_interval(secs => ?4)
                WHERE id IN (SELECT id FROM (
                                 SELECT d.id, d.next_attempt_at, row_number() OVER (
                                     PARTITION BY d.endpoint_id ORDER BY d.next_attempt_at, d.id) AS nth
                                 FROM webhook_delivery d JOIN webhook_endpoint e ON e.id = d.endpoint_id
                                 WHERE d.status = 'PENDING' AND d.next_attempt_at <= now() AND e.enabled
                                   AND (d.claimed_until IS NULL OR d.claimed_until < now())
                                   AND d.endpoint_id <> ALL(?3)) due
                             WHERE nth <= ?2 ORDER BY next_attempt_at LIMIT ?1)
                  AND status = 'PENDING' AND (claimed_until IS NULL OR claimed_until < now())
                RETURNING *""", WebhookDelivery.class)
                .setParameter(1, size).setParameter(2, perEndpoint).setParameter(3, busy.toArray(UUID[]::new))
                .setParameter(4, lease.toMillis() / 1000.0).getResultList());
    }

    /** Records an attempt's outcome under the claim that made it; answers whether the claim was still held. */
    Uni<Boolean> record(WebhookDelivery attempt, Instant claimedUntil) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                UPDATE webhook_delivery SET status = ?3, attempts = attempts + 1, last_response_code = ?4,
                    last_duration_ms = ?5, last_response_body = ?6, last_error = ?7, next_attempt_at = ?8,
                    delivered_at = ?9, claimed_until = NULL
                WHERE id = ?1 AND claimed_until = ?2 AND status = 'PENDING'""")
                .setParameter(1, attempt.id).setParameter(2, claimedUntil).setParameter(3, attempt.status.name())
                .setParameter(4, attempt.lastResponseCode).setParameter(5, attempt.lastDurationMs)
                .setParameter(6, attempt.lastResponseBody).setParameter(7, attempt.lastError)
                .setParameter(8, attempt.nextAttemptAt).setParameter(9, attempt.deliveredAt)
                .executeUpdate())
                .map(updated -> updated == 1);
    }

    /** Sends the delivery again as soon as a sender is free, with a fresh retry window (needs a transaction). */
    Uni<Integer> redeliver(UUID id, UUID endpointId) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                UPDATE webhook_delivery SET status = 'PENDING', next_attempt_at = now(), retry_from = now(),
                    claimed_until = NULL
                WHERE id = ?1 AND endpoint_id = ?2""")
                .setParameter(1, id).setParameter(2, endpointId).executeUpdate());
    }
}
