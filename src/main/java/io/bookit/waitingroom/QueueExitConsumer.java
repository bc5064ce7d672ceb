package io.bookit.waitingroom;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** A confirmed order ends the buyer's shopping session in the event's waiting room. Idempotent. */
@ApplicationScoped
class QueueExitConsumer {

    private final WaitingRoomService rooms;

    QueueExitConsumer(WaitingRoomService rooms) {
        this.rooms = rooms;
    }

    @Incoming("queue-exits")
    Uni<Void> apply(JsonObject event) {
        return rooms.orderPlaced(UUID.fromString(event.getString("eventId")), UUID.fromString(event.getString("buyerId")));
    }
}
