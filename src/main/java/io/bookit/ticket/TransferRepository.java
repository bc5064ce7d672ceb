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

/**
 * Statements on {@code ticket_transfer}. Status changes are guarded UPDATEs ({@code WHERE status = 'PENDING'}) whose
 * row count says who won; whoever also changes the ticket locks the ticket row first (ticket rows before transfer
 * rows, everywhere), so that accepts, cancels and voids of one ticket never deadlock.
 */
@ApplicationScoped
@WithSession
class TransferRepository implements PanacheRepositoryBase<TicketTransfer, UUID> {

    Uni<TicketTransfer> findPending(UUID ticketId) {
        return find("ticketId = ?1 and status = ?2", ticketId, TransferStatus.PENDING).firstResult();
    }

    /** PENDING → ACCEPTED unless it expired (needs a transaction): 1 for the one caller that wins, else 0. */
    Uni<Integer> markAccepted(UUID id, UUID recipientId, Instant at) {
        return getSession().chain(session -> session.createNativeQuery("""
                UPDATE ticket_transfer SET status = 'ACCEPTED', accepted_by = ?2, ended_at = ?3
                WHERE id = ?1 AND status = 'PENDING' AND expires_at > ?3""")
                .setParameter(1, id).setParameter(2, recipientId).setParameter(3, at).executeUpdate());
    }

    /** PENDING → CANCELLED unless it expired (needs a transaction): 1 for the one caller that wins, else 0. */
    Uni<Integer> markCancelled(UUID id, Instant at) {
        return getSession().chain(session -> session.createNativeQuery("""
                UPDATE ticket_transfer SET status = 'CANCELLED', ended_at = ?2
                WHERE id = ?1 AND status = 'PENDING' AND expires_at > ?2""")
                .setParameter(1, id).setParameter(2, at).executeUpdate());
    }

    /** The stored status, read past the session's copy (after a guarded UPDATE found nothing to change). */
    Uni<TransferStatus> currentStatus(UUID id) {
        return getSession().chain(session -> session.createNativeQuery(
                "SELECT status FROM ticket_transfer WHERE id = ?1", String.class)
                .setParameter(1, id).getSingleResult()).map(TransferStatus::valueOf);
    }

    /** Marks up to {@code limit} overdue pending transfers EXPIRED (needs a transaction); answers how many. */
    Uni<Integer> expireDue(int limit) {
        return getSession().chain(session -> session.createNativeQuery("""
                UPDATE ticket_transfer SET status = 'EXPIRED', ended_at = now()
                WHERE id IN (SELECT id FROM ticket_transfer WHERE status = 'PENDING' AND expires_at <= now()
                             ORDER BY expires_at LIMIT ?1 FOR UPDATE SKIP LOCKED)""")
                .setParameter(1, limit).executeUpdate());
    }

    Uni<List<TicketTransfer>> listTo(String email, int limit) {
        return find("toEmail", Sort.descending("createdAt").and("id"), email).page(Page.ofSize(limit)).list();
    }

    Uni<List<TicketTransfer>> listFrom(UUID userId, int limit) {
        return find("fromUserId", Sort.descending("createdAt").and("id"), userId).page(Page.ofSize(limit)).list();
    }
}
