package io.bookit.event;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/**
 * The one owner of the {@code event_area} table: each general-admission area of a published event, its capacity and
 * the places sold. Every statement runs in the caller's reactive session, and in its transaction when there is one
 * (an order's commit, a refund, a publish); none opens its own. The CHECK {@code event_area_not_oversold} refuses a
 * sale past the capacity whatever a caller checked before.
 */
@ApplicationScoped
public class EventAreaRepository {

    /** An area as PostgreSQL has it. */
    public record AreaSales(String section, int capacity, int sold) {
    }

    /** At publish: the area with nothing sold. */
    Uni<Void> insert(UUID eventId, String section, int capacity) {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("INSERT INTO event_area (event_id, section, capacity) VALUES (?1, ?2, ?3)")
                .setParameter(1, eventId).setParameter(2, section).setParameter(3, capacity)
                .executeUpdate()).replaceWithVoid();
    }

    /** Sells {@code quantity} places of the area if that many are left: true when sold, false when it has too few. */
    public Uni<Boolean> take(UUID eventId, String section, int quantity) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "UPDATE event_area SET sold = sold + ?1 WHERE event_id = ?2 AND section = ?3 AND sold + ?1 <= capacity")
                .setParameter(1, quantity).setParameter(2, eventId).setParameter(3, section)
                .executeUpdate()).map(updated -> updated > 0);
    }

    /** A refund: {@code quantity} places of the area are on sale again. */
    public Uni<Void> giveBack(UUID eventId, String section, int quantity) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "UPDATE event_area SET sold = sold - ?1 WHERE event_id = ?2 AND section = ?3")
                .setParameter(1, quantity).setParameter(2, eventId).setParameter(3, section)
                .executeUpdate()).replaceWithVoid();
    }

    /** Every area of the event (none for an event without general admission, or a draft). */
    public Uni<List<AreaSales>> list(UUID eventId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "SELECT section, capacity, sold FROM event_area WHERE event_id = ?1", Object[].class)
                .setParameter(1, eventId).getResultList())
                .map(rows -> rows.stream().map(row -> new AreaSales((String) row[0],
                        ((Number) row[1]).intValue(), ((Number) row[2]).intValue())).toList());
    }
}
