package io.bookit.order;

import io.bookit.auth.Caller;
import io.bookit.common.PageQuery;
import io.bookit.common.PageResult;
import io.bookit.common.ProblemException;
import io.bookit.event.EventRefunds;
import io.bookit.event.EventRepository;
import io.bookit.event.EventStatus;
import io.bookit.outbox.Outbox;
import io.bookit.payment.Payments;
import io.bookit.seating.EventLayout;
import io.bookit.seating.HoldProblems;
import io.bookit.seating.LayoutCache;
import io.bookit.seating.SeatInventory;
import io.bookit.seating.SeatsUnavailableException;
import io.bookit.ticket.Ticket;
import io.bookit.ticket.TicketRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/** Orders in PostgreSQL: the committing transactions, reads with their access rules, refunds. */
@ApplicationScoped
public class OrderService implements EventRefunds {

    static final int REFUND_BATCH = 100;
    static final String REFUNDED_BEFORE_CONFIRMATION = "The payment was refunded before it was confirmed";

    private final OrderRepository orders;
    private final TicketRepository tickets;
    private final EventRepository events;
    private final LayoutCache layouts;
    private final SeatInventory inventory;
    private final Payments payments;
    private final Outbox outbox;

    OrderService(OrderRepository orders, TicketRepository tickets, EventRepository events, LayoutCache layouts,
            SeatInventory inventory, Payments payments, Outbox outbox) {
        this.outbox = outbox;
        this.orders = orders;
        this.tickets = tickets;
        this.events = events;
        this.layouts = layouts;
        this.inventory = inventory;
        this.payments = payments;
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
            order.updatedAt = now();
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
                order.updatedAt = now();
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
                        order.confirmedAt = now();
                        order.updatedAt = order.confirmedAt;
                    })
                    .chain(() -> outbox.write(OrderEvent.CONFIRMED, OrderEvent.of(OrderEvent.CONFIRMED, order)))
                    .chain(() -> orders.flush())
                    .replaceWith(order);
        });
    }

    /**
     * A payment arrived for places that are gone: the order ends REFUNDED with the reason, and the money is owed
     * back ({@link #settleRefund}). Answers null when the order was confirmed or refunded meanwhile.
     */
    @WithTransaction
    Uni<Order> markLateRefunded(UUID orderId, String reason) {
        return lock(orderId).chain(order -> order == null || order.status == OrderStatus.CONFIRMED
                || order.status == OrderStatus.REFUNDED ? Uni.createFrom().nullItem() : refundUnsold(order, reason));
    }

    /** An order that was paid but never sold anything becomes REFUNDED; no places go back on sale. */
    private Uni<Order> refundUnsold(Order order, String reason) {
        markRefunded(order, reason);
        return outbox.write(OrderEvent.REFUNDED, OrderEvent.of(OrderEvent.REFUNDED, order, false)).replaceWith(order);
    }

    @WithTransaction
    Uni<Void> noteFailedPayment(UUID orderId, String reason) {
        return lock(orderId).invoke(order -> {
            if (order != null && order.status == OrderStatus.PENDING_PAYMENT) {
                order.statusReason = reason;
                order.updatedAt = now();
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
                    order.updatedAt = now();
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
            throw new ProblemException(409, "event-not-on-sale", "Event not on sale", "The event is no longer on sale");
        }
    }

    private Uni<Void> takeAreaPlaces(Order order) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "UPDATE event_area SET sold = sold + ?1 WHERE event_id = ?2 AND section = ?3 AND sold + ?1 <= capacity")
                .setParameter(1, order.quantity).setParameter(2, order.eventId).setParameter(3, order.section)
                .executeUpdate())
                .invoke(updated -> {
                    if (updated == 0) {
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

    /** The order with its tickets, for its buyer or the event's owner. */
    @WithSession
    public Uni<OrderDtos.OrderView> get(Caller caller, UUID id) {
        return orders.findById(id).chain(order -> {
            if (order == null) {
                throw ProblemException.notFound("Order");
            }
            return readable(caller, order).chain(() -> tickets.listByOrder(id)).map(t -> OrderDtos.OrderView.of(order, t, caller.id()));
        });
    }

    private Uni<Void> readable(Caller caller, Order order) {
        if (caller.owns(order.buyerId)) {
            return Uni.createFrom().voidItem();
        }
        return events.findById(order.eventId).invoke(event -> {
            if (event == null || !caller.owns(event.ownerId)) {
                throw ProblemException.notFound("Order");
            }
        }).replaceWithVoid();
    }

    @WithSession
    public Uni<PageResult<OrderDtos.OrderView>> listMine(Caller caller, PageQuery page) {
        return orders.listByBuyer(caller.id(), page.page, page.size)
                .chain(list -> Multi.createFrom().iterable(list)
                        .onItem().transformToUniAndConcatenate(order -> tickets.listByOrder(order.id)
                                .map(t -> OrderDtos.OrderView.of(order, t, caller.id())))
                        .collect().asList())
                .chain(views -> orders.countByBuyer(caller.id())
                        .map(total -> new PageResult<>(views, page.page, page.size, total)));
    }

    @WithSession
    public Uni<PageResult<OrderDtos.TicketView>> listMyTickets(Caller caller, PageQuery page) {
        return tickets.listByHolder(caller.id(), page.page, page.size)
                .chain(list -> tickets.countByHolder(caller.id()).map(total -> new PageResult<>(
                        list.stream().map(OrderDtos.TicketView::of).toList(), page.page, page.size, total)));
    }

    /**
     * The buyer before the event starts, or the event's owner at any time: refund and free the places. Of parallel
     * calls exactly one refunds; the others get 409 {@code order-not-cancellable}.
     */
    public Uni<OrderDtos.OrderView> cancel(Caller caller, UUID id) {
        return loadForCancel(caller, id)
                .chain(order -> refund(order.id(), order.byOrganizer() ? RefundReason.ORGANIZER : RefundReason.BUYER))
                .onItem().ifNull().failWith(() -> notCancellable("refunded meanwhile"))
                .chain(order -> get(caller, order.id));
    }

    /** An order the caller may cancel, and whether the caller is the event's organizer (whose rules apply then). */
    record Cancellable(UUID id, boolean byOrganizer) {
    }

    @WithSession
    Uni<Cancellable> loadForCancel(Caller caller, UUID id) {
        return orders.findById(id).chain(order -> {
            if (order == null) {
                throw ProblemException.notFound("Order");
            }
            return events.findById(order.eventId).map(event -> {
                boolean organizer = caller.owns(event.ownerId);
                if (!organizer && !caller.owns(order.buyerId)) {
                    throw ProblemException.notFound("Order");
                }
                if (!organizer && !Instant.now().isBefore(event.startsAt)) {
                    throw ProblemException.conflict("event-started", "Orders can be cancelled only before the event");
                }
                if (order.status != OrderStatus.CONFIRMED) {
                    throw notCancellable(order.status.name());
                }
                return new Cancellable(order.id, organizer);
            });
        });
    }

    private static ProblemException notCancellable(String state) {
        return ProblemException.conflict("order-not-cancellable", "The order is " + state);
    }

    /**
     * Refunds a paid order: one transaction moves it out of CONFIRMED (null if another caller did first), voids its
     * tickets and returns general-admission places; then Redis puts the places back on sale and the provider gives
     * the money back ({@link #settleRefund}: a refund the provider fails now is owed and retried by the refund job).
     */
    Uni<Order> refund(UUID orderId, RefundReason reason) {
        return markRefunded(orderId, reason)
                .call(refunded -> refunded == null ? Uni.createFrom().voidItem() : releasePlaces(refunded))
                .call(refunded -> refunded == null ? Uni.createFrom().voidItem() : settleRefund(refunded));
    }

    @WithTransaction
    Uni<Order> markRefunded(UUID orderId, RefundReason reason) {
        return lock(orderId).chain(order -> order == null || order.status != OrderStatus.CONFIRMED
                ? Uni.createFrom().nullItem() : refundSold(order, reason));
    }

    /**
     * CONFIRMED → REFUNDED under the order's row lock, so that exactly one of racing callers (cancels, the event's
     * cancellation, the provider's refund report, the refund job) gets here. A buyer's refund voids only VALID
     * tickets and is refused, rolling everything back, if one is checked in or was transferred to someone else: a
     * scan or a transfer's accept that commits first wins (the void waits for the ticket's row lock, the counts after
     * it see what committed).
     */
    private Uni<Order> refundSold(Order order, RefundReason reason) {
        Uni<Integer> voided = reason.refusedAfterCheckIn()
                ? tickets.voidValidByOrder(order.id).chain(() -> tickets.countCheckedIn(order.id)).invoke(entered -> {
                    if (entered > 0) {
                        throw ProblemException.conflict("tickets-checked-in",
                                "A ticket of this order was already used at the door");
                    }
                }).chain(() -> tickets.countTransferred(order.id)).invoke(transferred -> {
                    if (transferred > 0) {
                        throw ProblemException.conflict("tickets-transferred",
                                "A ticket of this order was transferred to someone else");
                    }
                }).replaceWith(0)
                : tickets.voidByOrder(order.id);
        markRefunded(order, reason.text);
        return voided
                .chain(() -> order.generalAdmission() ? returnAreaPlaces(order) : Uni.createFrom().voidItem())
                .chain(() -> outbox.write(OrderEvent.REFUNDED, OrderEvent.of(OrderEvent.REFUNDED, order)))
                .replaceWith(order);
    }

    /** The order is REFUNDED; the caller that moved it asks the provider for the money at once (an attempt). */
    private static void markRefunded(Order order, String reason) {
        order.status = OrderStatus.REFUNDED;
        order.statusReason = reason;
        order.updatedAt = now();
        order.refundAttemptedAt = order.updatedAt;
    }

    private Uni<Void> returnAreaPlaces(Order order) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "UPDATE event_area SET sold = sold - ?1 WHERE event_id = ?2 AND section = ?3")
                .setParameter(1, order.quantity).setParameter(2, order.eventId).setParameter(3, order.section)
                .executeUpdate()).replaceWithVoid();
    }

    /**
     * Money the order is owed goes back through its provider (outside any transaction; the provider's refund is
     * idempotent per order), then the order records it. A failure is logged and left to the refund job.
     */
    Uni<Order> settleRefund(Order order) {
        BigDecimal owed = order.refundOwed();
        if (owed.signum() == 0) {
            return Uni.createFrom().item(order);
        }
        return payments.of(order.paymentProvider)
                .refund(order.id, order.paymentRef, owed, order.currency, order.statusReason)
                .chain(() -> recordRefundSettled(order.id))
                .onFailure().invoke(failure -> logRefundFailure(order, failure))
                .onFailure().recoverWithItem(order);
    }

    @WithTransaction
    Uni<Order> recordRefundSettled(UUID orderId) {
        return lock(orderId).invoke(order -> {
            order.refundedAmount = order.total;
            order.updatedAt = now();
        });
    }

    /**
     * The provider reports {@code amount} given back in all: recorded on the order (a partial refund changes nothing
     * else); once it is the whole total, a paid order is refunded like a cancel. Answers the order if this call moved
     * it to REFUNDED, else null.
     */
    @WithTransaction
    Uni<Order> recordProviderRefund(UUID orderId, BigDecimal amount) {
        return lock(orderId).chain(order -> {
            if (order == null) {
                return Uni.createFrom().nullItem();
            }
            order.refundedAmount = order.refundedAmount.max(amount.min(order.total));
            order.updatedAt = now();
            return order.status == OrderStatus.CONFIRMED && order.refundedAmount.compareTo(order.total) >= 0
                    ? refundSold(order, RefundReason.PROVIDER) : Uni.createFrom().nullItem();
        });
    }

    /** Puts a refunded order's places back on sale in Redis (PostgreSQL has them back already). */
    Uni<Void> releasePlaces(Order order) {
        return layouts.get(order.eventId).chain(layout -> inventory.markRefunded(order.eventId, order.id, order.buyerId,
                indices(layout, order.seats), order.section, order.generalAdmission() ? order.quantity : 0));
    }

    /** Refunds every paid order of a cancelled event, in batches. */
    @Override
    public Uni<Integer> refundCancelledEvent(UUID eventId) {
        return confirmedOf(eventId).chain(batch -> batch.isEmpty() ? Uni.createFrom().item(0)
                : Multi.createFrom().iterable(batch)
                        .onItem().transformToUniAndConcatenate(order -> refund(order.id, RefundReason.EVENT_CANCELLED))
                        .collect().asList()
                        .chain(done -> refundCancelledEvent(eventId).map(more -> done.size() + more)));
    }

    @WithSession
    Uni<List<Order>> confirmedOf(UUID eventId) {
        return orders.confirmedOfEvent(eventId, REFUND_BATCH);
    }

    /** Paid orders whose event was cancelled but that are not refunded yet (a crash, a race with the cancel). */
    @WithSession
    Uni<List<Order>> refundsOwed() {
        return orders.confirmedOfCancelledEvents(REFUND_BATCH);
    }

    /**
     * Refunded orders whose money the provider has not confirmed back (it failed, or the instance died) and whose
     * last attempt began before {@code attemptTimeout}: claimed for a new attempt, so instances do not overlap.
     */
    @WithTransaction
    Uni<List<Order>> claimMoneyOwed(Duration attemptTimeout) {
        return orders.claimRefundOwed(attemptTimeout, REFUND_BATCH);
    }

    private Uni<Order> lock(UUID orderId) {
        return orders.findById(orderId, LockModeType.PESSIMISTIC_WRITE);
    }

    /** One ticket per seat, or per general-admission place, at the layout's prices. */
    static List<Ticket> ticketsFor(Order order, EventLayout layout) {
        Instant now = now();
        List<Ticket> issued = new java.util.ArrayList<>(order.quantity);
        if (order.generalAdmission()) {
            for (int i = 0; i < order.quantity; i++) {
                issued.add(Ticket.issue(order.id, order.eventId, order.buyerId, order.section, null,
                        layout.price(order.section), now));
            }
        } else {
            for (String seatId : order.seats) {
                EventLayout.Seat seat = layout.seat(seatId);
                issued.add(Ticket.issue(order.id, order.eventId, order.buyerId, seat.section(), seat.id(),
                        layout.price(seat.section()), now));
            }
        }
        return issued;
    }

    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    static List<Integer> indices(EventLayout layout, List<String> seatIds) {
        return seatIds.stream().map(id -> layout.seat(id).index()).toList();
    }

    static void logRefundFailure(Order order, Throwable failure) {
        Log.warnf(failure, "Refund of order %s failed; the refund job retries", order.id);
    }
}
