package io.bookit.order;

import io.bookit.common.Money;
import io.bookit.common.PgErrors;
import io.bookit.common.ProblemException;
import io.bookit.payment.PaymentEvents;
import io.bookit.seating.HoldId;
import io.bookit.seating.EventLayout;
import io.bookit.seating.HoldProblems;
import io.bookit.seating.LayoutCache;
import io.bookit.seating.Places;
import io.bookit.seating.SeatInventory;
import io.bookit.seating.SeatsUnavailableException;
import io.bookit.ticket.Ticket;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

/**
 * Orders paid later, as the provider's webhooks report them. Success confirms the order under the same database
 * constraints as an instant sale; a success that arrives when the places are gone (the hold expired and another
 * buyer got a seat, or the event was cancelled) is refunded at once. Every path is idempotent and order-independent
 * (each transition takes the order's row lock), and a report is applied only to the order it is bound to: same
 * payment reference, amount and currency, else it is logged and counted in {@code bookit_payment_mismatches_total}.
 */
@ApplicationScoped
class OrderPayments implements PaymentEvents {

    static final String PLACES_GONE = "The payment arrived after the seats were sold to someone else; it was refunded";

    private final OrderService orders;
    private final RefundService refunds;
    private final LayoutCache layouts;
    private final SeatInventory inventory;
    private final MeterRegistry metrics;

    OrderPayments(OrderService orders, RefundService refunds, LayoutCache layouts, SeatInventory inventory, MeterRegistry metrics) {
        this.orders = orders;
        this.refunds = refunds;
        this.layouts = layouts;
        this.inventory = inventory;
        this.metrics = metrics;
    }

    @Override
    public Uni<Void> succeeded(Payment payment) {
        return boundOrder(payment, "succeeded").chain(order -> {
            if (order == null || order.status == OrderStatus.CONFIRMED || order.status == OrderStatus.REFUNDED) {
                return Uni.createFrom().voidItem();
            }
            return layouts.get(order.eventId).chain(layout -> confirm(order, layout))
                    .replaceWithVoid()
                    .onFailure(OrderPayments::placesGone)
                    .recoverWithUni(() -> refundLate(order));
        });
    }

    /** The pending order gets its tickets; the seat state in Redis follows the outcome. */
    private Uni<Order> confirm(Order order, EventLayout layout) {
        Places places = order.places(layout);
        return orders.confirmPending(order.id, Ticket.issue(order.id, order.eventId, order.buyerId, places, layout))
                .call(settled -> settled.status == OrderStatus.CONFIRMED
                        ? inventory.markSold(order.eventId, HoldId.parse(order.holdId), places)
                        : inventory.releaseClaimed(HoldId.parse(order.holdId)));
    }

    private Uni<Void> refundLate(Order order) {
        Log.infof("Order %s was paid after its places were gone; refunding", order.id);
        return orders.markLateRefunded(order.id, PLACES_GONE)
                .call(refunded -> refunded == null ? Uni.createFrom().voidItem()
                        : inventory.releaseClaimed(HoldId.parse(order.holdId)).chain(() -> refunds.settleRefund(refunded)))
                .replaceWithVoid();
    }

    @Override
    public Uni<Void> failed(Payment payment, String reason) {
        return boundOrder(payment, "failed").chain(order -> order == null ? Uni.createFrom().voidItem()
                : orders.noteFailedPayment(order.id, "Payment failed: " + reason));
    }

    @Override
    public Uni<Void> refunded(Payment payment, long amountRefunded) {
        return boundOrder(payment, "refunded").chain(order -> order == null ? Uni.createFrom().voidItem()
                : refunds.recordProviderRefund(order.id, Money.ofMinorUnits(amountRefunded, order.currency))
                        .call(refunded -> refunded == null ? Uni.createFrom().voidItem() : refunds.releasePlaces(refunded))
                        .replaceWithVoid());
    }

    /** The order the payment belongs to, or null when there is none or the report does not match it. */
    private Uni<Order> boundOrder(Payment payment, String report) {
        UUID id = parse(payment.orderId());
        Uni<Order> found = id != null ? orders.find(id) : orders.findByPaymentRef(payment.reference());
        return found.map(order -> {
            if (order == null) {
                Log.infof("Payment %s (%s) names no known order; ignored", payment.reference(), report);
                return null;
            }
            String mismatch = mismatch(order, payment);
            if (mismatch != null) {
                Log.warnf("Payment report '%s' for %s does not match order %s (%s); not applied", report,
                        payment.reference(), order.id, mismatch);
                metrics.counter("bookit.payment.mismatches", "provider", payment.provider(), "report", report)
                        .increment();
                return null;
            }
            return order;
        });
    }

    private static String mismatch(Order order, Payment payment) {
        if (!payment.provider().equals(order.paymentProvider) || !Objects.equals(payment.reference(), order.paymentRef)) {
            return "payment reference " + order.paymentRef;
        }
        if (payment.currency() == null || !payment.currency().toUpperCase(Locale.ROOT).equals(order.currency)) {
            return "currency " + order.currency;
        }
        if (payment.amount() != Money.minorUnits(order.total, order.currency)) {
            return "amount " + Money.format(order.total, order.currency);
        }
        return null;
    }

    private static UUID parse(String orderId) {
        try {
            return orderId == null ? null : UUID.fromString(orderId);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean placesGone(Throwable failure) {
        return failure instanceof SeatsUnavailableException
                || PgErrors.violates(failure, "ticket_seat_sold_once")
                || PgErrors.violates(failure, "event_area_not_oversold")
                || ProblemException.is(failure, HoldProblems.EVENT_NOT_ON_SALE);
    }
}
