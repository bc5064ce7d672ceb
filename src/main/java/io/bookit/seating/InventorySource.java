package io.bookit.seating;

import io.bookit.common.ProblemException;
import io.bookit.event.Event;
import io.bookit.event.EventAreaRepository;
import io.bookit.event.EventAreaRepository.AreaSales;
import io.bookit.event.EventRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.UUID;

/** What PostgreSQL, the source of truth, says about an event's places: the input of a Redis rebuild. */
@ApplicationScoped
class InventorySource {

    /** {@code buyers}: buyer id -> places of their paid orders, for the per-user cap. */
    record Persisted(Event event, List<String> soldSeatIds, List<AreaSales> areas, Map<String, Integer> buyers) {
    }

    private final EventRepository events;
    private final EventAreaRepository areas;

    InventorySource(EventRepository events, EventAreaRepository areas) {
        this.events = events;
        this.areas = areas;
    }

    @WithSession
    Uni<Persisted> read(UUID eventId) {
        return events.findById(eventId)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Event"))
                .chain(event -> soldSeats(eventId).chain(seats -> areas.list(eventId).chain(sales -> buyers(eventId)
                        .map(buyers -> new Persisted(event, seats, sales, buyers)))));
    }

    /** Seats of live tickets: the partial unique index ticket_seat_sold_once guarantees each appears once. */
    private Uni<List<String>> soldSeats(UUID eventId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "SELECT seat_id FROM ticket WHERE event_id = ?1 AND seat_id IS NOT NULL AND status <> 'VOID'",
                String.class).setParameter(1, eventId).getResultList());
    }

    /** Places per buyer in paid orders: what counts against the per-user cap besides live holds. */
    private Uni<Map<String, Integer>> buyers(UUID eventId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "SELECT CAST(buyer_id AS text), SUM(quantity) FROM orders WHERE event_id = ?1 AND status = 'CONFIRMED' "
                        + "GROUP BY buyer_id", Object[].class)
                .setParameter(1, eventId).getResultList())
                .map(rows -> rows.stream().collect(Collectors.toMap(row -> (String) row[0],
                        row -> ((Number) row[1]).intValue())));
    }
}
