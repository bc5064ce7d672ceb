package io.bookit.outbox;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The relay's statements on {@code outbox_message}. A claim is the row's {@code claimed_until}: every row of one
 * claim gets the same value (one statement's {@code now()}), and no other claim can get it (a row is claimed again
 * only after that moment), so the value also tells whose claim a row is under.
 */
@ApplicationScoped
class OutboxRepository {

    /** Claims up to {@code size} unpublished rows that nobody holds, oldest first, until now + lease. */
    @WithTransaction
    Uni<List<OutboxMessage>> claim(int size, Duration lease) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                UPDATE outbox_message SET claimed_until = now() + make_interval(secs => ?2)
                WHERE id IN (SELECT id FROM outbox_message
                             WHERE published_at IS NULL AND (claimed_until IS NULL OR claimed_until < now())
                             ORDER BY created_at LIMIT ?1 FOR UPDATE SKIP LOCKED)
                RETURNING *""", OutboxMessage.class)
                .setParameter(1, size).setParameter(2, seconds(lease)).getResultList());
    }

    /**
     * Extends the claim {@code claimedUntil} on those of {@code ids} that are still unpublished and still under it;
     * answers the claim's new end, or null when no row was (all published, or the claim was lost).
     */
    @WithTransaction
    Uni<Instant> renew(List<UUID> ids, Instant claimedUntil, Duration lease) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                UPDATE outbox_message SET claimed_until = now() + make_interval(secs => ?3)
                WHERE id = ANY(?1) AND published_at IS NULL AND claimed_until = ?2
                RETURNING *""", OutboxMessage.class)
                .setParameter(1, ids.toArray(UUID[]::new)).setParameter(2, claimedUntil)
                .setParameter(3, seconds(lease)).getResultList())
                .map(renewed -> renewed.isEmpty() ? null : renewed.get(0).claimedUntil);
    }

    @WithTransaction
    Uni<Void> markPublished(List<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession().chain(session -> session
                .createNativeQuery("UPDATE outbox_message SET published_at = now() WHERE id = ANY(?1) AND published_at IS NULL")
                .setParameter(1, ids.toArray(UUID[]::new)).executeUpdate())
                .replaceWithVoid();
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
