package io.bookit.seating;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The reliable path to the seat state: every committed sale and refund reaches Redis through the outbox and
 * RabbitMQ, even when the order call died before it updated Redis itself. Applying an event twice changes nothing.
 * A sale that leaves no place free in Redis (applied here or by the order call before) asks {@link SalesCheck}
 * whether the event is now sold out.
 */
@ApplicationScoped
public class SeatStateConsumer {

    private final SeatInventory inventory;
    private final LayoutCache layouts;
    private final SalesCheck sales;
    private final MeterRegistry metrics;

    SeatStateConsumer(SeatInventory inventory, LayoutCache layouts, SalesCheck sales, MeterRegistry metrics) {
        this.inventory = inventory;
        this.layouts = layouts;
        this.sales = sales;
        this.metrics = metrics;
    }

    @Incoming("seat-states")
    public Uni<Void> apply(JsonObject event) {
        String type = event.getString("type");
        UUID eventId = UUID.fromString(event.getString("eventId"));
        String section = event.getString("section");
        int quantity = event.getInteger("quantity", 0);
        Uni<Void> applied = layouts.get(eventId).chain(layout -> {
            if (layout == null) {
                throw new IllegalArgumentException("unknown event " + eventId);
            }
            Places places = section == null
                    ? Places.seats(indices(layout, event.getJsonArray("seats", new JsonArray())))
                    : Places.area(section, quantity);
            return switch (type) {
                case "order.confirmed" -> inventory.markSold(eventId, HoldId.parse(event.getString("holdId")), places)
                        .chain(noneFree -> noneFree ? sales.afterSale(eventId) : Uni.createFrom().voidItem());
                case "order.refunded" -> !event.getBoolean("placesReleased", false) ? Uni.createFrom().voidItem()
                        : inventory.markRefunded(eventId, UUID.fromString(event.getString("orderId")),
                        buyer(event), places);
                default -> Uni.createFrom().voidItem();
            };
        });
        return applied.invoke(() -> metrics.counter("bookit.events.consumed", "consumer", "seat-states", "type", type)
                .increment())
                .onFailure(IllegalArgumentException.class).recoverWithUni(failure -> {
                    Log.errorf(failure, "Dropping unreadable order event %s", event);
                    return Uni.createFrom().voidItem();
                });
    }

    private static UUID buyer(JsonObject event) {
        String buyerId = event.getString("buyerId");
        return buyerId == null ? null : UUID.fromString(buyerId);
    }

    private static List<Integer> indices(EventLayout layout, JsonArray seatIds) {
        List<Integer> indices = new ArrayList<>(seatIds.size());
        for (int i = 0; i < seatIds.size(); i++) {
            EventLayout.Seat seat = layout.seat(seatIds.getString(i));
            if (seat == null) {
                throw new IllegalArgumentException("unknown seat " + seatIds.getString(i));
            }
            indices.add(seat.index());
        }
        return indices;
    }
}
