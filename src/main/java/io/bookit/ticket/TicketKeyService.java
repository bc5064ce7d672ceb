package io.bookit.ticket;

import io.bookit.auth.Caller;
import io.bookit.event.EventService;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * The event owner's view of the keys that sign its tickets, and their rotation (after a suspected leak): new codes are
 * signed by the new key at once on this instance and within {@code bookit.tickets.key-refresh-interval} on the others;
 * codes already handed out, printed or saved offline keep verifying, because retired public keys stay.
 */
@ApplicationScoped
class TicketKeyService {

    private final EventService events;
    private final TicketKeyCache keys;

    TicketKeyService(EventService events, TicketKeyCache keys) {
        this.events = events;
        this.keys = keys;
    }

    @WithSession
    Uni<TicketDtos.KeyList> list(Caller caller, UUID eventId) {
        return events.getOwned(caller, eventId).chain(() -> keys.list(eventId))
                .map(rows -> new TicketDtos.KeyList(rows.stream().map(TicketKeyService::view).toList()));
    }

    @WithSession
    Uni<TicketDtos.KeyView> rotate(Caller caller, UUID eventId) {
        return events.getOwned(caller, eventId).chain(() -> keys.rotate(eventId)).map(TicketKeyService::view);
    }

    private static TicketDtos.KeyView view(TicketKey key) {
        return new TicketDtos.KeyView(key.keyId, "Ed25519", key.createdAt, key.retiredAt);
    }
}
