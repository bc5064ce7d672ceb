package io.bookit.seating;

import java.util.List;
import java.util.UUID;

/** Redis names of one event's state. The {ev:ID} hash tag keeps them in one cluster slot (see lua/lib.lua). */
record EventKeys(UUID eventId, String meta, String seats, String ga, String expiry, String feed) {

    /** Events whose holds are due for the sweeper: event id -> earliest expiry (ms). Not per event. */
    static final String SWEEP_INDEX = "bk:sweep";

    static EventKeys of(UUID eventId) {
        String tag = "bk:{ev:" + eventId + "}:";
        return new EventKeys(eventId, tag + "meta", tag + "seats", tag + "ga", tag + "exp", tag + "feed");
    }

    String hold(String holdId) {
        return "bk:{ev:" + eventId + "}:hold:" + holdId;
    }

    /** Marks that an order's refund was applied, so a redelivered event does not apply it twice. */
    String refunded(UUID orderId) {
        return "bk:{ev:" + eventId + "}:refunded:" + orderId;
    }

    List<String> state() {
        return List.of(meta, seats, ga, expiry);
    }
}
