package io.bookit.ticket;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.vertx.sqlclient.data.Numeric;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
@WithSession
public class TicketRepository implements PanacheRepositoryBase<Ticket, UUID> {

    public Uni<List<Ticket>> listByOrder(UUID orderId) {
        return find("orderId", Sort.by("seatId").and("id"), orderId).list();
    }

    Uni<List<Ticket>> listByHolder(UUID holderId, int page, int size) {
        return find("holderId", Sort.descending("createdAt").and("id"), holderId).page(Page.of(page, size)).list();
    }

    Uni<Long> countByHolder(UUID holderId) {
        return count("holderId", holderId);
    }

    /** Voids every live ticket of an order, and ends their pending transfers; answers how many tickets changed. */
    public Uni<Integer> voidByOrder(UUID orderId) {
        return update("status = ?1 where orderId = ?2 and status <> ?1", TicketStatus.VOID, orderId)
                .call(() -> cancelTransfersOfVoided(orderId));
    }

    /**
     * Voids the order's tickets that are still VALID, and ends their pending transfers (needs a transaction). A scan
     * or a transfer's accept committing meanwhile is waited for (the ticket's row lock); the re-checked condition
     * then skips a CHECKED_IN ticket, and the caller sees the accepted transfer ({@link #countTransferred}).
     */
    public Uni<Integer> voidValidByOrder(UUID orderId) {
        return update("status = ?1 where orderId = ?2 and status = ?3", TicketStatus.VOID, orderId, TicketStatus.VALID)
                .call(() -> cancelTransfersOfVoided(orderId));
    }

    /** A void ticket cannot change hands: its pending transfer ends CANCELLED (ticket rows before transfer rows). */
    private Uni<Integer> cancelTransfersOfVoided(UUID orderId) {
        return getSession().chain(session -> session.createNativeQuery("""
                UPDATE ticket_transfer SET status = 'CANCELLED', ended_at = now()
                WHERE status = 'PENDING' AND ticket_id IN (SELECT id FROM ticket WHERE order_id = ?1 AND status = 'VOID')""")
                .setParameter(1, orderId).executeUpdate());
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
     * The guarded transition VALID → CHECKED_IN for a code of the ticket's current generation (needs a transaction):
     * under concurrent scans exactly one caller gets 1, every other 0; a superseded code always gets 0.
     */
    public Uni<Integer> checkIn(UUID id, UUID eventId, int generation) {
        return getSession().chain(session -> session.createNativeQuery(
                "UPDATE ticket SET status = 'CHECKED_IN', checked_in_at = now() "
                        + "WHERE id = ?1 AND event_id = ?2 AND status = 'VALID' AND code_generation = ?3")
                .setParameter(1, id).setParameter(2, eventId).setParameter(3, generation).executeUpdate());
    }

    /** The event's tickets whose code was rotated (generation above 0), by ticket id. */
    Uni<List<TicketDtos.CodeGeneration>> rotatedCodes(UUID eventId) {
        return getSession().chain(session -> session.createSelectionQuery(
                "select id, codeGeneration from Ticket "
                        + "where eventId = ?1 and codeGeneration > 0 order by id", TicketDtos.CodeGeneration.class)
                .setParameter(1, eventId).getResultList());
    }

    /** The ticket under a row lock until the transaction ends (needs a transaction): transfers decide under it. */
    Uni<Ticket> lock(UUID id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /**
     * How many tickets of the order went to someone else by an accepted transfer. Read after voiding the order's
     * tickets, this sees a transfer that committed while the void waited for the ticket's row lock.
     */
    public Uni<Long> countTransferred(UUID orderId) {
        return getSession().chain(session -> session.createSelectionQuery(
                "select count(distinct t.ticketId) from TicketTransfer t where t.orderId = ?1 and t.status = ?2", Long.class)
                .setParameter(1, orderId).setParameter(2, TransferStatus.ACCEPTED).getSingleResult());
    }

    /**
     * A data-modifying CTE body that inserts the tickets given as arrays (parameters {@code $first} to
     * {@code $(first+6)}, see {@link #arrays}) for the order whose id is column {@code id} of {@code orderSource}:
     * nothing when that source is empty. For an order that commits in a single statement.
     */
    public static String insertSelect(String orderSource, int first) {
        return "INSERT INTO ticket (id, order_id, event_id, holder_id, section, seat_id, price, status, created_at) "
                + "SELECT t.id, o.id, t.event_id, t.holder_id, t.section, t.seat_id, t.price, 'VALID', $" + (first + 6)
                + "::timestamptz FROM " + orderSource + " o, unnest($" + first + "::uuid[], $" + (first + 1)
                + "::uuid[], $" + (first + 2) + "::uuid[], $" + (first + 3) + "::text[], $" + (first + 4)
                + "::text[], $" + (first + 5) + "::numeric[]) AS t(id, event_id, holder_id, section, seat_id, price)";
    }

    /** The parameters of {@link #insertSelect}, in order: freshly issued tickets (status VALID, one created_at). */
    public static Object[] arrays(List<Ticket> issued) {
        int n = issued.size();
        UUID[] ids = new UUID[n], events = new UUID[n], holders = new UUID[n];
        String[] sections = new String[n], seats = new String[n];
        Numeric[] prices = new Numeric[n];
        for (int i = 0; i < n; i++) {
            Ticket ticket = issued.get(i);
            ids[i] = ticket.id;
            events[i] = ticket.eventId;
            holders[i] = ticket.holderId;
            sections[i] = ticket.section;
            seats[i] = ticket.seatId;
            prices[i] = Numeric.create(ticket.price);
        }
        return new Object[] {ids, events, holders, sections, seats, prices,
                issued.get(0).createdAt.atOffset(ZoneOffset.UTC)};
    }
}
