package io.bookit.order;

import io.bookit.common.DbTime;
import io.bookit.event.EventAreaRepository;
import io.bookit.event.EventStatus;
import io.bookit.outbox.Outbox;
import io.bookit.seating.HoldProblems;
import io.bookit.seating.SeatsUnavailableException;
import io.bookit.ticket.Ticket;
import io.bookit.ticket.TicketRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Orders in PostgreSQL: the committing transactions of checkout (paid at once or later), expiry of unpaid orders, and
 * the lookups checkout needs. Reads with their access rules are in {@link OrderQueries}, refunds in
 * {@link RefundService}.
 */
@ApplicationScoped
public class OrderService {

    static final String REFUNDED_BEFORE_CONFIRMATION = "The payment was refunded before it was confirmed";

    private final OrderRepository orders;
    private final TicketRepository tickets;
    private final EventAreaRepository areas;
    private final Outbox outbox;

    OrderService(OrderRepository orders, TicketRepository tickets, EventAreaRepository areas, Outbox outbox) {
        this.outbox = outbox;
        this.orders = orders;
        this.tickets = tickets;
        this.areas = areas;
    }

    /**
     * One transaction: the event is still on sale and inside its sales window, the general-admission count fits the
     * capacity, the order and its tickets are inserted. The partial unique index on ticket seats and the area CHECK
     * reject a second sale whatever Redis believed.
     */
    @WithTransaction
    Uni<Order> commitPaid(Order order, List<Ticket> issued) {
        return requireSalesOpen(order.eventId)
                .chain(() -> order.generalAdmission() ? takeAreaPlaces(order) : Uni.createFrom().voidItem())
                .chain(() -> orders.persist(order))
                .chain(() -> tickets.persist(issued))
                .chain(() -> outbox.write(OrderEvent.CONFIRMED, OrderEvent.of(OrderEvent.CONFIRMED, order)))
                .chain(() -> orders.flush())
                .replaceWith(order);
    }

    /** A payment that settles later: the order is stored first, without tickets, inside the sales window. */
    @WithTransaction
    Uni<Order> insertPending(Order order) {
        return requireSalesOpen(order.eventId).chain(() -> orders.persist(order)).call(() -> orders.flush());
    }

    @WithTransaction
    Uni<Order> attachPayment(UUID orderId, String reference, String clientSecret) {
        return lock(orderId).invoke(order -> {
            order.paymentRef = reference;
            order.clientSecret = clientSecret;
            order.updatedAt = DbTime.now();
        });
    }

    @WithTransaction
    Uni<Void> cancelPending(UUID orderId, String reason) {
        return lock(orderId).invoke(order -> {
            if (order.status == OrderStatus.PENDING_PAYMENT) {
                order.status = OrderStatus.CANCELLED;
                order.statusReason = reason;
                // the hold goes back to the buyer, who may order it again, with the same Idempotency-Key too:
                // a CANCELLED order owns neither (see the orders_one_per_hold index)
                order.idempotencyKey = null;
                order.updatedAt = DbTime.now();
            }
        }).replaceWithVoid();
    }

    /**
     * The provider says a pending (or already expired) order is paid: issue its tickets in one transaction, under
     * the same constraints as an instant sale. Answers the order as it stands (REFUNDED, without tickets, when the
     * provider had already reported the whole amount back); throws when its places are gone.
     */
    @WithTransaction
    Uni<Order> confirmPending(UUID orderId, List<Ticket> issued) {
        return lock(orderId).chain(order -> {
            if (order == null || order.status == OrderStatus.CONFIRMED || order.status == OrderStatus.REFUNDED) {
                return Uni.createFrom().item(order);
            }
            if (order.refundedAmount.compareTo(order.total) >= 0) {
                return refundUnsold(order, REFUNDED_BEFORE_CONFIRMATION);
            }
            return requireOnSale(order.eventId)
                    .chain(() -> order.generalAdmission() ? takeAreaPlaces(order) : Uni.createFrom().voidItem())
                    .chain(() -> tickets.persist(issued))
                    .invoke(() -> {
                        order.status = OrderStatus.CONFIRMED;
                        order.statusReason = null;
                        order.confirmedAt = DbTime.now();
                        order.updatedAt = order.confirmedAt;
                    })
                    .chain(() -> outbox.write(OrderEvent.CONFIRMED, OrderEvent.of(OrderEvent.CONFIRMED, order)))
                    .chain(() -> orders.flush())
                    .replaceWith(order);
        });
    }

    /**
     * A payment arrived for places that are gone: the order ends REFUNDED with the reason, and the money is owed
     * back ({@link RefundService#settleRefund}). Answers null when the order was confirmed or refunded meanwhile.
     */
    @WithTransaction
    Uni<Order> markLateRefunded(UUID orderId, String reason) {
        return lock(orderId).chain(order -> order == null || order.status == OrderStatus.CONFIRMED
                || order.status == OrderStatus.REFUNDED ? Uni.createFrom().nullItem() : refundUnsold(order, reason));
    }

    /** An order that was paid but never sold anything becomes REFUNDED; no places go back on sale. */
    private Uni<Order> refundUnsold(Order order, String reason) {
        RefundService.markRefunded(order, reason);
        return outbox.write(OrderEvent.REFUNDED, OrderEvent.of(OrderEvent.REFUNDED, order, false)).replaceWith(order);
    }

    @WithTransaction
    Uni<Void> noteFailedPayment(UUID orderId, String reason) {
        return lock(orderId).invoke(order -> {
            if (order != null && order.status == OrderStatus.PENDING_PAYMENT) {
                order.statusReason = reason;
                order.updatedAt = DbTime.now();
            }
        }).replaceWithVoid();
    }

    @WithSession
    Uni<Order> findByPaymentRef(String reference) {
        return orders.find("paymentRef", reference).firstResult();
    }

    @WithSession
    Uni<Order> find(UUID id) {
        return orders.findById(id);
    }

    /** Pending orders past their payment deadline become EXPIRED (their holds lapse in Redis on their own). */
    @WithTransaction
    Uni<List<Order>> expireOverdue(int limit) {
        return orders.find("status = ?1 and paymentDeadline < ?2", OrderStatus.PENDING_PAYMENT, Instant.now())
                .withLock(LockModeType.PESSIMISTIC_WRITE) // a payment confirming meanwhile waits, then sees EXPIRED
                .page(io.quarkus.panache.common.Page.ofSize(limit)).list()
                .call(overdue -> Multi.createFrom().iterable(overdue).onItem().transformToUniAndConcatenate(order -> {
                    order.status = OrderStatus.EXPIRED;
                    order.statusReason = "The payment did not arrive in time";
                    order.updatedAt = DbTime.now();
                    return outbox.write(OrderEvent.EXPIRED, OrderEvent.of(OrderEvent.EXPIRED, order));
                }).collect().asList());
    }

    /** What decides whether an order may be placed or settled. */
    record SaleRules(EventStatus status, Instant salesStartAt, Instant salesEndAt) {
    }

    /**
     * Settling a payment that started earlier ({@link #confirmPending}): the event is still on sale. Its sales window
     * was checked when the order was placed ({@link #insertPending}, before the payment started), so a buyer who
     * started paying before salesEndAt gets the tickets even if the payment settles after it.
     */
    private Uni<Void> requireOnSale(UUID eventId) {
        return saleRules(eventId).invoke(OrderService::requireOnSale).replaceWithVoid();
    }

    /**
     * Placing an order: the event is on sale and now is inside its sales window, by the same rules as the hold
     * script (which decides by the Redis clock: a hold taken just before salesEndAt may be refused here).
     */
    private Uni<Void> requireSalesOpen(UUID eventId) {
        return saleRules(eventId).invoke(rules -> requireSalesOpen(rules, Instant.now())).replaceWithVoid();
    }

    /** Throws the problem that tells why an order cannot be placed at {@code now} under these rules, if any. */
    static void requireSalesOpen(SaleRules rules, Instant now) {
        requireOnSale(rules);
        if (now.isBefore(rules.salesStartAt())) {
            throw HoldProblems.salesNotStarted(rules.salesStartAt());
        }
        if (!now.isBefore(rules.salesEndAt())) {
            throw HoldProblems.salesEnded(rules.salesEndAt());
        }
    }

    private static Uni<SaleRules> saleRules(UUID eventId) {
        return Panache.getSession().chain(session -> session
                .createSelectionQuery("select status, salesStartAt, salesEndAt from Event where id = ?1", SaleRules.class)
                .setParameter(1, eventId).getSingleResultOrNull());
    }

    private static void requireOnSale(SaleRules rules) {
        if (rules == null || rules.status() != EventStatus.ON_SALE) {
            throw HoldProblems.eventNotOnSale("The event is no longer on sale");
        }
    }

    private Uni<Void> takeAreaPlaces(Order order) {
        return areas.take(order.eventId, order.section, order.quantity)
                .invoke(taken -> {
                    if (!taken) {
                        throw new SeatsUnavailableException(List.of(), "The " + order.section + " area is sold out");
                    }
                }).replaceWithVoid();
    }

    /** Seats of the list that PostgreSQL has sold: after a conflict, Redis learns the truth. */
    @WithSession
    Uni<List<String>> soldAmong(UUID eventId, List<String> seatIds) {
        return tickets.soldAmong(eventId, seatIds);
    }

    @WithSession
    Uni<Order> findByIdempotencyKey(UUID buyerId, String key) {
        return orders.findByIdempotencyKey(buyerId, key);
    }

    private Uni<Order> lock(UUID orderId) {
        return orders.findById(orderId, LockModeType.PESSIMISTIC_WRITE);
    }
}
