package io.bookit.order;

import io.bookit.common.PgErrors;
import io.bookit.common.ProblemException;
import io.bookit.payment.PaymentEvents;
import io.bookit.payment.Payments;
import io.bookit.seating.HoldId;
import io.bookit.seating.LayoutCache;
import io.bookit.seating.SeatInventory;
import io.bookit.seating.SeatsUnavailableException;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * Orders paid later, as the provider's webhooks report them. Success confirms the order under the same database
 * constraints as an instant sale; a success that arrives when the places are gone (the hold expired and another
 * buyer got a seat, or the event was cancelled) is refunded at once. Every path is idempotent.
 */
@ApplicationScoped
class OrderPayments implements PaymentEvents {

    static final String PLACES_GONE = "The payment arrived after the seats were sold to someone else; it was refunded";

    private final OrderService orders;
    private final LayoutCache layouts;
    private final SeatInventory inventory;
    private final Payments payments;

    OrderPayments(OrderService orders, LayoutCache layouts, SeatInventory inventory, Payments payments) {
        this.orders = orders;
        this.layouts = layouts;
        this.inventory = inventory;
        this.payments = payments;
    }

    @Override
    public Uni<Void> succeeded(String provider, String reference, String orderId) {
        return order(reference, orderId).chain(order -> {
            if (order == null || order.status == OrderStatus.CONFIRMED || order.status == OrderStatus.REFUNDED) {
                return Uni.createFrom().voidItem();
            }
            return layouts.get(order.eventId)
                    .chain(layout -> orders.confirmPending(order.id, OrderService.ticketsFor(order, layout))
                            .call(confirmed -> inventory.markSold(order.eventId, HoldId.parse(order.holdId),
                                    OrderService.indices(layout, order.seats), order.section,
                                    order.generalAdmission() ? order.quantity : 0)))
                    .replaceWithVoid()
                    .onFailure(OrderPayments::placesGone)
                    .recoverWithUni(() -> refundLate(order, reference));
        });
    }

    private Uni<Void> refundLate(Order order, String reference) {
        Log.infof("Order %s was paid after its places were gone; refunding", order.id);
        return payments.of(order.paymentProvider).refund(order.id, reference, order.total, order.currency, PLACES_GONE)
                .chain(() -> orders.markLateRefunded(order.id, PLACES_GONE))
                .call(() -> inventory.releaseClaimed(HoldId.parse(order.holdId)))
                .replaceWithVoid();
    }

    @Override
    public Uni<Void> failed(String provider, String reference, String orderId, String reason) {
        return order(reference, orderId).chain(order -> order == null ? Uni.createFrom().voidItem()
                : orders.noteFailedPayment(order.id, "Payment failed: " + reason));
    }

    @Override
    public Uni<Void> refunded(String provider, String reference) {
        return orders.findByPaymentRef(reference).chain(order -> order == null || order.status != OrderStatus.CONFIRMED
                ? Uni.createFrom().voidItem()
                : orders.recordRefund(order, "Refunded at the payment provider").replaceWithVoid());
    }

    private Uni<Order> order(String reference, String orderId) {
        UUID id = parse(orderId);
        return id != null ? orders.find(id) : orders.findByPaymentRef(reference);
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
                || (failure instanceof ProblemException problem && "event-not-on-sale".equals(problem.type()));
    }
}
