package io.bookit.order;

import io.bookit.event.EventService;
import io.bookit.seating.SalesCheck;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * The sold-out check: sums the event's confirmed places and lets the event package mark it sold out once (a guarded
 * UPDATE that writes {@code event.sold_out}). Asked by the seat-state consumer after a sale that left no place free
 * in Redis, so only at the end of a sale: the sum reads every order of the event, which after every order would
 * cost a big sale the square of its size. Checking after the commit sees every sale that committed: two last orders
 * confirming at once cannot both miss the other.
 */
@ApplicationScoped
class OrderSalesCheck implements SalesCheck {

    private final OrderRepository orders;
    private final EventService events;

    OrderSalesCheck(OrderRepository orders, EventService events) {
        this.orders = orders;
        this.events = events;
    }

    @Override
    public Uni<Void> afterSale(UUID eventId) {
        return placesSold(eventId).chain(sold -> events.noteSales(eventId, sold));
    }

    @WithSession
    Uni<Long> placesSold(UUID eventId) {
        return orders.placesSold(eventId);
    }
}
