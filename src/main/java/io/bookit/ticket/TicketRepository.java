package io.bookit.ticket;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
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

    /** Seats among {@code seatIds} that have a live ticket at the event. */
    public Uni<List<String>> soldAmong(UUID eventId, List<String> seatIds) {
        return getSession().chain(session -> session.createSelectionQuery(
                "select seatId from Ticket where eventId = ?1 and seatId in ?2 and status <> ?3", String.class)
                .setParameter(1, eventId).setParameter(2, seatIds).setParameter(3, TicketStatus.VOID)
                .getResultList());
    }
}
