package io.bookit.order;

import io.bookit.event.EventService;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * After each confirmed order (queue {@code bookit.sold-out-checks}), asks whether the event is now sold out; the event
 * package marks it once and writes {@code event.sold_out}. Checking after the commit, rather than inside the order's
 * transaction, sees every sale that committed: two last orders confirming at once cannot both miss the other.
 */
@ApplicationScoped
class SoldOutConsumer {

    private final OrderRepository orders;
    private final EventService events;

    SoldOutConsumer(OrderRepository orders, EventService events) {
        this.orders = orders;
        this.events = events;
    }

    @Incoming("sold-out-checks")
    Uni<Void> check(JsonObject orderEvent) {
        UUID eventId = UUID.fromString(orderEvent.getString("eventId"));
        return placesSold(eventId).chain(sold -> events.noteSales(eventId, sold));
    }

    @WithSession
    Uni<Long> placesSold(UUID eventId) {
        return orders.placesSold(eventId);
    }
}
