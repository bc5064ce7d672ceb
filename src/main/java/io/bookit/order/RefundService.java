package io.bookit.order;

import io.bookit.auth.Caller;
import io.bookit.common.DbTime;
import io.bookit.common.ProblemException;
import io.bookit.event.EventAreaRepository;
import io.bookit.event.EventRefunds;
import io.bookit.event.EventRepository;
import io.bookit.outbox.Outbox;
import io.bookit.payment.PaymentService;
import io.bookit.seating.LayoutCache;
import io.bookit.seating.SeatInventory;
import io.bookit.ticket.TicketRepository;
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
import java.util.List;
import java.util.UUID;

/**
 * Cancelling and refunding paid orders: by the buyer, by the event's owner, for a cancelled event
 * ({@link EventRefunds}), for the provider's report, and the money still owed ({@link RefundJob}). Methods that
 * chain their own {@code @WithTransaction} methods rely on Quarkus intercepting self-calls (standard CDI would not).
 */
@ApplicationScoped
public class RefundService implements EventRefunds {

    static final int REFUND_BATCH = 100;

    private final OrderRepository orders;
    private final TicketRepository tickets;
    private final EventRepository events;
    private final EventAreaRepository areas;
    private final LayoutCache layouts;
    private final SeatInventory inventory;
    private final PaymentService payments;
    private final Outbox outbox;
    private final OrderQueries queries;

    RefundService(OrderRepository orders, TicketRepository tickets, EventRepository events, EventAreaRepository areas,
            LayoutCache layouts, SeatInventory inventory, PaymentService payments, Outbox outbox, OrderQueries queries) {
        this.orders = orders;
        this.tickets = tickets;
        this.events = events;
        this.areas = areas;
        this.layouts = layouts;
        this.inventory = inventory;
        this.payments = payments;
        this.outbox = outbox;
        this.queries = queries;
    }

    /**
     * The buyer before the event starts, or the event's owner at any time: refund and free the places. Of parallel
     * calls exactly one refunds; the others get 409 {@code order-not-cancellable}.
     */
    public Uni<OrderDtos.OrderView> cancel(Caller caller, UUID id) {
        return loadForCancel(caller, id)
                .chain(order -> refund(order.id(), order.byOrganizer() ? RefundReason.ORGANIZER : RefundReason.BUYER))
                .onItem().ifNull().failWith(() -> notCancellable("refunded meanwhile"))
                .chain(order -> queries.get(caller, order.id));
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
    static void markRefunded(Order order, String reason) {
        order.status = OrderStatus.REFUNDED;
        order.statusReason = reason;
        order.updatedAt = DbTime.now();
        order.refundAttemptedAt = order.updatedAt;
    }

    private Uni<Void> returnAreaPlaces(Order order) {
        return areas.giveBack(order.eventId, order.section, order.quantity);
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
            order.updatedAt = DbTime.now();
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
            order.updatedAt = DbTime.now();
            return order.status == OrderStatus.CONFIRMED && order.refundedAmount.compareTo(order.total) >= 0
                    ? refundSold(order, RefundReason.PROVIDER) : Uni.createFrom().nullItem();
        });
    }

    /** Puts a refunded order's places back on sale in Redis (PostgreSQL has them back already). */
    Uni<Void> releasePlaces(Order order) {
        return layouts.get(order.eventId).chain(layout -> inventory.markRefunded(order.eventId, order.id, order.buyerId,
                order.places(layout)));
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

    static void logRefundFailure(Order order, Throwable failure) {
        Log.warnf(failure, "Refund of order %s failed; the refund job retries", order.id);
    }
}
