package io.bookit.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agroal.api.AgroalDataSource;
import io.bookit.seating.EventKeys;
import io.bookit.support.Fixtures;
import io.bookit.support.Sql;
import io.quarkus.redis.datasource.RedisDataSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * What must hold after any fault, once the system had the time to recover (holds' TTL plus a sweep, the outbox
 * drained), checked against PostgreSQL (read directly, the truth) and Redis:
 * <ul>
 * <li>no seat sold twice; Redis's seat states equal PostgreSQL's sold seats, seat by seat;</li>
 * <li>no hold alive after its TTL and a sweep; general-admission counts in Redis equal capacity minus sold;</li>
 * <li>every order answered 201 exists, paid, with its tickets; no live ticket belongs to an order that is not paid;</li>
 * <li>every confirmed order's event reached RabbitMQ and its consumers once in effect (one confirmation mail);</li>
 * <li>the remaining inventory can still be sold.</li>
 * </ul>
 */
final class Invariants {

    private final AgroalDataSource database;
    private final RedisDataSource redis;

    Invariants(AgroalDataSource database, RedisDataSource redis) {
        this.database = database;
        this.redis = redis;
    }

    /** Waits (bounded by {@code recovery}) until the system settled, then checks everything, selling the rest last. */
    void check(FaultSale sale, Duration recovery) {
        await().atMost(recovery).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .untilAsserted(() -> settled(sale));
        noSeatSoldTwice(sale.eventId);
        ordersAnswered201ArePaidWithTickets(sale);
        noTicketOnAnUnpaidOrder(sale.eventId);
        remainingInventorySells(sale);
    }

    /** Redis agrees with PostgreSQL, no hold is left, every confirmed order's event was consumed. */
    void settled(FaultSale sale) {
        EventKeys keys = EventKeys.of(UUID.fromString(sale.eventId));
        assertThat(redis.sortedSet(String.class).zcard(keys.expiry())).as("live holds in Redis").isZero();
        Map<String, String> statuses = Fixtures.seatStatuses(sale.eventId);
        Set<String> soldInRedis = statuses.entrySet().stream().filter(e -> "SOLD".equals(e.getValue()))
                .map(Map.Entry::getKey).collect(Collectors.toSet());
        assertThat(statuses.values()).as("seat states").doesNotContain("HELD");
        assertThat(soldInRedis).as("Redis's sold seats = PostgreSQL's").isEqualTo(new HashSet<>(soldSeats(sale.eventId)));
        if (sale.gaCapacity > 0) {
            long soldGa = Sql.number(database, "SELECT count(*) FROM ticket WHERE event_id = ? AND seat_id IS NULL "
                    + "AND status <> 'VOID'", sale.eventId);
            assertThat(Sql.number(database, "SELECT sold FROM event_area WHERE event_id = ? AND section = 'PIT'",
                    sale.eventId)).as("PostgreSQL's GA count = its GA tickets").isEqualTo(soldGa);
            assertThat(redis.hash(String.class).hget(keys.ga(), "PIT")).as("GA available in Redis")
                    .isEqualTo(Long.toString(sale.gaCapacity - soldGa));
        }
        assertThat(Sql.number(database, "SELECT count(*) FROM outbox_message WHERE published_at IS NULL"))
                .as("outbox backlog").isZero();
        for (String orderId : confirmedOrders(sale.eventId)) {
            assertThat(Sql.orderMessages(database, orderId, "order.confirmed")).as("events of " + orderId).isEqualTo(1);
            assertThat(Sql.number(database, "SELECT count(*) FROM order_mail WHERE order_id = ? AND kind = 'CONFIRMATION'",
                    orderId)).as("confirmation mails of " + orderId + " (consumed once in effect)").isEqualTo(1);
        }
    }

    private void noSeatSoldTwice(String eventId) {
        assertThat(Sql.column(database, "SELECT seat_id FROM ticket WHERE event_id = ? AND seat_id IS NOT NULL "
                + "AND status <> 'VOID' GROUP BY seat_id HAVING count(*) > 1", eventId)).as("seats sold twice").isEmpty();
    }

    private void ordersAnswered201ArePaidWithTickets(FaultSale sale) {
        for (String orderId : sale.confirmed) {
            assertThat(Sql.column(database, "SELECT status FROM orders WHERE id = ?", orderId))
                    .as("order " + orderId + " answered 201").containsExactly("CONFIRMED");
            assertThat(Sql.number(database, "SELECT count(*) FROM ticket WHERE order_id = ? AND status <> 'VOID'", orderId))
                    .as("tickets of " + orderId)
                    .isEqualTo(Sql.number(database, "SELECT quantity FROM orders WHERE id = ?", orderId));
        }
    }

    private void noTicketOnAnUnpaidOrder(String eventId) {
        assertThat(Sql.number(database, "SELECT count(*) FROM ticket t JOIN orders o ON o.id = t.order_id "
                + "WHERE t.event_id = ? AND t.status <> 'VOID' AND o.status <> 'CONFIRMED'", eventId))
                .as("live tickets of unpaid orders").isZero();
    }

    /** Buyers take every seat still free, four at a time, and whatever GA places are left (each under the per-user cap). */
    private void remainingInventorySells(FaultSale sale) {
        List<String> free = Fixtures.seatStatuses(sale.eventId).entrySet().stream()
                .filter(e -> "AVAILABLE".equals(e.getValue())).map(Map.Entry::getKey).sorted().toList();
        List<String> chunk = new ArrayList<>();
        for (String seat : free) {
            chunk.add(seat);
            if (chunk.size() == 4) {
                Fixtures.buySeats(Fixtures.attendee(), sale.eventId, chunk.toArray(String[]::new));
                chunk.clear();
            }
        }
        if (!chunk.isEmpty()) {
            Fixtures.buySeats(Fixtures.attendee(), sale.eventId, chunk.toArray(String[]::new));
        }
        assertThat(Fixtures.seatStatuses(sale.eventId).values()).as("every seat sold").containsOnly("SOLD");
        if (sale.gaCapacity > 0) {
            long left = sale.gaCapacity - Sql.number(database, "SELECT sold FROM event_area WHERE event_id = ? "
                    + "AND section = 'PIT'", sale.eventId);
            for (; left > 0; left -= Math.min(4, left)) {
                Fixtures.Account buyer = Fixtures.attendee();
                String holdId = Fixtures.hold(buyer, sale.eventId, Map.of("section", "PIT", "quantity", (int) Math.min(4, left)))
                        .then().statusCode(201).extract().path("id");
                Fixtures.order(buyer, holdId).then().statusCode(201);
            }
            Fixtures.hold(Fixtures.attendee(), sale.eventId, Map.of("section", "PIT", "quantity", 1)).then().statusCode(409);
        }
        noSeatSoldTwice(sale.eventId);
    }

    private List<String> soldSeats(String eventId) {
        return Sql.column(database, "SELECT seat_id FROM ticket WHERE event_id = ? AND seat_id IS NOT NULL "
                + "AND status <> 'VOID'", eventId);
    }

    private List<String> confirmedOrders(String eventId) {
        return Sql.column(database, "SELECT CAST(id AS text) FROM orders WHERE event_id = ? AND status = 'CONFIRMED'",
                eventId);
    }
}
