package io.bookit.seating;

import io.bookit.common.ProblemException;
import io.bookit.event.Event;
import io.bookit.event.EventRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** What PostgreSQL, the source of truth, says about an event's places: the input of a Redis rebuild. */
@ApplicationScoped
class InventorySource {

    record AreaSales(String section, int capacity, int sold) {
    }

    record Persisted(Event event, List<String> soldSeatIds, List<AreaSales> areas) {
    }

    private final EventRepository events;

    InventorySource(EventRepository events) {
        this.events = events;
    }

    @WithSession
    Uni<Persisted> read(UUID eventId) {
        return events.findById(eventId)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Event"))
                .chain(event -> soldSeats(eventId)
                        .chain(seats -> areas(eventId).map(areas -> new Persisted(event, seats, areas))));
    }

    /** Seats of live tickets: the partial unique index ticket_seat_sold_once guarantees each appears once. */
    private Uni<List<String>> soldSeats(UUID eventId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "SELECT seat_id FROM ticket WHERE event_id = ?1 AND seat_id IS NOT NULL AND status <> 'VOID'",
                String.class).setParameter(1, eventId).getResultList());
    }

    private Uni<List<AreaSales>> areas(UUID eventId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "SELECT section, capacity, sold FROM event_area WHERE event_id = ?1", Object[].class)
                .setParameter(1, eventId).getResultList())
                .map(rows -> rows.stream().map(row -> new AreaSales((String) row[0],
                        ((Number) row[1]).intValue(), ((Number) row[2]).intValue())).toList());
    }
}
