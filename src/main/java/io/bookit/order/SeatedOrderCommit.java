package io.bookit.order;

import io.bookit.common.JsonColumn;
import io.bookit.event.EventStatus;
import io.bookit.outbox.Outbox;
import io.bookit.outbox.OutboxMessage;
import io.bookit.ticket.Ticket;
import io.bookit.ticket.TicketRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.sqlclient.data.Numeric;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The hot commit of a sale: a paid order for numbered seats, its tickets and its {@code order.confirmed} outbox row,
 * inserted by <b>one</b> statement in one round trip, and only when the event is on sale and inside its sales
 * window (the rules {@link OrderService#commitPaid} checks in a Hibernate transaction, which costs about six round
 * trips and the session's bookkeeping; see docs/BENCHMARKS.md). A single statement is atomic: the unique indexes on
 * sold seats and on the hold refuse a second sale exactly as before, with the same constraint names.
 * General-admission orders keep {@link OrderService#commitPaid} (their area count is checked under a row lock).
 */
@ApplicationScoped
class SeatedOrderCommit {

    private static final String INSERT_ORDER = "INSERT INTO orders (id, event_id, buyer_id, hold_id, status, seats, quantity,"
            + " total, currency, payment_provider, payment_ref, idempotency_key, created_at, updated_at, confirmed_at)"
            + " SELECT $1, $2, $3, $4, 'CONFIRMED', $5, $6, $7, $8, $9, $10, $11, $12, $12, $13 FROM rules"
            + " WHERE status = 'ON_SALE' AND sales_start_at <= $14 AND $14 < sales_end_at RETURNING id";

    private static final String STATEMENT = "WITH rules AS (SELECT status, sales_start_at, sales_end_at FROM event WHERE id = $2),"
            + " placed AS (" + INSERT_ORDER + "),"
            + " issued AS (" + TicketRepository.insertSelect("placed", 15) + "),"
            + " announced AS (" + Outbox.insertSelect("placed", 22) + ")"
            + " SELECT status, sales_start_at, sales_end_at, (SELECT count(*) FROM placed) AS placed FROM rules";

    private static final JsonColumn.StringList SEATS = new JsonColumn.StringList();

    private final Pool database;
    private final Outbox outbox;

    SeatedOrderCommit(Pool database, Outbox outbox) {
        this.database = database;
        this.outbox = outbox;
    }

    /** Inserts the confirmed order; fails with the problem of {@link OrderService#commitPaid} when it may not. */
    Uni<Order> commit(Order order, List<Ticket> issued) {
        Instant now = Instant.now();
        OutboxMessage confirmed;
        try {
            confirmed = outbox.message(OrderEvent.CONFIRMED, OrderEvent.of(OrderEvent.CONFIRMED, order));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        List<Object> parameters = new ArrayList<>(25);
        parameters.addAll(Arrays.asList(order.id, order.eventId, order.buyerId, order.holdId,
                SEATS.convertToDatabaseColumn(order.seats), order.quantity, Numeric.create(order.total), order.currency,
                order.paymentProvider, order.paymentRef, order.idempotencyKey, utc(order.createdAt), utc(order.confirmedAt),
                utc(now)));
        parameters.addAll(Arrays.asList(TicketRepository.arrays(issued)));
        parameters.addAll(Arrays.asList(Outbox.parameters(confirmed)));
        return database.preparedQuery(STATEMENT).execute(Tuple.from(parameters)).map(rows -> {
            Row row = rows.iterator().hasNext() ? rows.iterator().next() : null;
            if (row == null || row.getLong("placed") == 0) {
                OrderService.requireSalesOpen(row == null ? null : new OrderService.SaleRules(
                        EventStatus.valueOf(row.getString("status")), instant(row, "sales_start_at"),
                        instant(row, "sales_end_at")), now);
                throw new IllegalStateException("Order " + order.id + " not inserted although its event is on sale");
            }
            return order;
        });
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(Row row, String column) {
        return row.getOffsetDateTime(column).toInstant();
    }
}
