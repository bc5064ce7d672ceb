package io.bookit.order;

import io.bookit.common.Money;
import io.bookit.ticket.Ticket;
import io.bookit.ticket.TicketDtos.TicketSummary;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

final class OrderDtos {

    private OrderDtos() {
    }

    record PlaceOrder(@NotBlank @Size(max = 64) String holdId) {
    }

    record PaymentView(String provider, String clientSecret) {
    }

    /**
     * {@code refundedAmount}: what the provider has given back so far (a partial refund leaves the order CONFIRMED;
     * a REFUNDED order with less than its total back has its refund still on the way).
     */
    record OrderView(UUID id, UUID eventId, OrderStatus status, String total, String refundedAmount, String currency,
            List<String> seats, String section, int quantity, PaymentView payment, List<TicketSummary> tickets,
            String statusReason, Instant createdAt, Instant confirmedAt) {

        /**
         * The order as {@code viewer} sees it: the payment's client secret, with which the payment is completed, only
         * for its buyer (not for the event's organizer, nor an administrator).
         */
        static OrderView of(Order order, List<Ticket> tickets, UUID viewer) {
            String clientSecret = order.buyerId.equals(viewer) ? order.clientSecret : null;
            return new OrderView(order.id, order.eventId, order.status, Money.format(order.total, order.currency),
                    Money.format(order.refundedAmount, order.currency), order.currency, order.seats, order.section,
                    order.quantity,
                    new PaymentView(order.paymentProvider, clientSecret),
                    tickets.stream().map(TicketSummary::of).toList(), order.statusReason, order.createdAt,
                    order.confirmedAt);
        }
    }
}
