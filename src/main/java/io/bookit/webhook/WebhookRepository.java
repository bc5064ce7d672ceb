package io.bookit.webhook;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** Statements on {@code webhook_endpoint}. */
@ApplicationScoped
@WithSession
class WebhookRepository implements PanacheRepositoryBase<WebhookEndpoint, UUID> {

    Uni<List<WebhookEndpoint>> listByOwner(UUID ownerId) {
        return list("ownerId", Sort.ascending("createdAt").and("id"), ownerId);
    }

    Uni<Long> countByOwner(UUID ownerId) {
        return count("ownerId", ownerId);
    }

    /** The owner's enabled endpoints that subscribed to the type. */
    Uni<List<WebhookEndpoint>> subscribed(UUID ownerId, String type) {
        return list("ownerId = ?1 and enabled = true", ownerId)
                .map(endpoints -> endpoints.stream().filter(endpoint -> endpoint.events.contains(type)).toList());
    }

    Uni<List<WebhookEndpoint>> byIds(List<UUID> ids) {
        return list("id in ?1", ids);
    }

    /** A delivery succeeded: the run of failed deliveries is over (needs a transaction). */
    Uni<Void> resetFailures(UUID id) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "UPDATE webhook_endpoint SET failed_in_a_row = 0 WHERE id = ?1 AND failed_in_a_row <> 0")
                .setParameter(1, id).executeUpdate()).replaceWithVoid();
    }

    /**
     * A delivery ended FAILED: counts it, and disables the endpoint when that makes {@code disableAfter} in a row.
     * Answers true for the one call that disabled it (needs a transaction).
     */
    Uni<Boolean> countFailure(UUID id, int disableAfter, String reason) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                UPDATE webhook_endpoint SET failed_in_a_row = failed_in_a_row + 1,
                    enabled = CASE WHEN failed_in_a_row + 1 >= ?2 THEN false ELSE enabled END,
                    disabled_reason = CASE WHEN failed_in_a_row + 1 >= ?2 AND enabled THEN ?3 ELSE disabled_reason END,
                    updated_at = CASE WHEN failed_in_a_row + 1 >= ?2 AND enabled THEN now() ELSE updated_at END
                WHERE id = ?1
                RETURNING (enabled = false AND failed_in_a_row = ?2)""", Boolean.class)
                .setParameter(1, id).setParameter(2, disableAfter).setParameter(3, reason).getResultList())
                .map(rows -> !rows.isEmpty() && Boolean.TRUE.equals(rows.get(0)));
    }
}
