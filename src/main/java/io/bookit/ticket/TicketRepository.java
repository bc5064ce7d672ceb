package io.bookit.ticket;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
@WithSession
public class TicketRepository implements PanacheRepositoryBase<Ticket, UUID> {

    public Uni<List<Ticket>> listByOrder(UUID orderId) {
        return find("orderId", Sort.by("seatId").and("id"), orderId).list();
    }

    public Uni<List<Ticket>> listByHolder(UUID holderId, int page, int size) {
        return find("holderId", Sort.descending("createdAt").and("id"), holderId).page(Page.of(page, size)).list();
    }

    public Uni<Long> countByHolder(UUID holderId) {
        return count("holderId", holderId);
    }

    /** Voids every live ticket of an order; answers how many changed. */
    public Uni<Integer> voidByOrder(UUID orderId) {
        return update("status = ?1 where orderId = ?2 and status <> ?1", TicketStatus.VOID, orderId);
    }

    /**
     * Voids the order's tickets that are still VALID (needs a transaction). A scan committing meanwhile keeps its
     * ticket: the row lock makes this wait for it, and the re-checked condition then skips the CHECKED_IN ticket.
     */
    public Uni<Integer> voidValidByOrder(UUID orderId) {
        return update("status = ?1 where orderId = ?2 and status = ?3", TicketStatus.VOID, orderId, TicketStatus.VALID);
    }

    public Uni<Long> countCheckedIn(UUID orderId) {
        return count("orderId = ?1 and status = ?2", orderId, TicketStatus.CHECKED_IN);
    }

    /** Seats among {@code seatIds} that have a live ticket at the event. */
    public Uni<List<String>> soldAmong(UUID eventId, List<String> seatIds) {
        return getSession().chain(session -> session.createSelectionQuery(
                "select seatId from Ticket where eventId = ?1 and seatId in ?2 and status <> ?3", String.class)
                .setParameter(1, eventId).setParameter(2, seatIds).setParameter(3, TicketStatus.VOID)
                .getResultList());
    }

    /** Live tickets whose QR file has not reached object storage yet, oldest first. */
    public Uni<List<Ticket>> missingFiles(int limit) {
        return find("status <> ?1 and fileStoredAt is null", Sort.by("createdAt").and("id"), TicketStatus.VOID)
                .page(Page.ofSize(limit)).list();
    }

    /** Needs a transaction. */
    public Uni<Integer> markFileStored(UUID id, Instant at) {
        return update("fileStoredAt = ?1 where id = ?2", at, id);
    }

    public Uni<List<UUID>> voidIds(UUID eventId) {
        return getSession().chain(session -> session.createSelectionQuery(
                "select id from Ticket where eventId = ?1 and status = ?2 order by id", UUID.class)
                .setParameter(1, eventId).setParameter(2, TicketStatus.VOID).getResultList());
    }

    /**
     * The guarded transition VALID → CHECKED_IN (needs a transaction): under concurrent scans exactly one caller
     * gets 1, every other 0.
     */
    public Uni<Integer> checkIn(UUID id, UUID eventId) {
        return getSession().chain(session -> session.createNativeQuery(
                "UPDATE ticket SET status = 'CHECKED_IN', checked_in_at = now() "
                        + "WHERE id = ?1 AND event_id = ?2 AND status = 'VALID'")
                .setParameter(1, id).setParameter(2, eventId).executeUpdate());
    }
}
