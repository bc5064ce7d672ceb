package io.bookit.order;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
@WithSession
public class OrderRepository implements PanacheRepositoryBase<Order, UUID> {

    public Uni<Order> findByIdempotencyKey(UUID buyerId, String key) {
        return find("buyerId = ?1 and idempotencyKey = ?2", buyerId, key).firstResult();
    }

    public Uni<Order> findByHold(String holdId) {
        return find("holdId", holdId).firstResult();
    }

    public Uni<List<Order>> listByBuyer(UUID buyerId, int page, int size) {
        return find("buyerId", Sort.descending("createdAt").and("id"), buyerId).page(Page.of(page, size)).list();
    }

    public Uni<Long> countByBuyer(UUID buyerId) {
        return count("buyerId", buyerId);
    }

    /** Paid orders of cancelled events, oldest first: what the refund job still owes. */
    public Uni<List<Order>> confirmedOfCancelledEvents(int limit) {
        return find("status = ?1 and eventId in (select e.id from Event e where e.status = ?2)",
                Sort.by("createdAt"), OrderStatus.CONFIRMED, io.bookit.event.EventStatus.CANCELLED)
                .page(Page.ofSize(limit)).list();
    }

    /**
     * Refunded orders the provider has not given the money back for yet, whose last attempt began before
     * {@code attemptTimeout}: marked as attempted now and answered, longest waiting first (needs a transaction).
     */
    public Uni<List<Order>> claimRefundOwed(Duration attemptTimeout, int limit) {
        return getSession().chain(session -> session.createNativeQuery("""
                UPDATE orders SET refund_attempted_at = now()
                WHERE id IN (SELECT id FROM orders
                             WHERE status = 'REFUNDED' AND refunded_amount < total
                               AND refund_attempted_at < now() - make_interval(secs => ?1)
                             ORDER BY refund_attempted_at LIMIT ?2 FOR UPDATE SKIP LOCKED)
                RETURNING *""", Order.class)
                .setParameter(1, (double) attemptTimeout.toMillis() / 1000).setParameter(2, limit).getResultList());
    }

    public Uni<List<Order>> confirmedOfEvent(UUID eventId, int limit) {
        return find("eventId = ?1 and status = ?2", Sort.by("createdAt"), eventId, OrderStatus.CONFIRMED)
                .page(Page.ofSize(limit)).list();
    }

    /** Places the event's confirmed orders hold (seats and general-admission places). */
    public Uni<Long> placesSold(UUID eventId) {
        return getSession().chain(session -> session.createSelectionQuery(
                "select coalesce(sum(quantity), 0) from Order where eventId = ?1 and status = ?2", Long.class)
                .setParameter(1, eventId).setParameter(2, OrderStatus.CONFIRMED).getSingleResult());
    }
}
