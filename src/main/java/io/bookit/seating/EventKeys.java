package io.bookit.seating;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Redis names of one event's state. The {ev:ID} hash tag keeps them in one cluster slot (see lua/lib.lua). */
public record EventKeys(UUID eventId, String meta, String seats, String ga, String expiry, String feed) {

    /** Events whose holds are due for the sweeper: event id -> earliest expiry (ms). Not per event. */
    static final String SWEEP_INDEX = "bk:sweep";

    /** Events with a waiting list, which the waitlist job visits. Not per event. */
    public static final String WAITLISTS_INDEX = "bk:waitlists";

    public static EventKeys of(UUID eventId) {
        String tag = "bk:{ev:" + eventId + "}:";
        return new EventKeys(eventId, tag + "meta", tag + "seats", tag + "ga", tag + "exp", tag + "feed");
    }

    public String hold(String holdId) {
        return "bk:{ev:" + eventId + "}:hold:" + holdId;
    }

    /** What release.lua and sell.lua touch for one hold, in their key order (the waiting list's keys last). */
    List<String> holdState(String holdId) {
        List<String> keys = new ArrayList<>(List.of(meta, seats, ga, expiry, hold(holdId), users()));
        keys.addAll(waitlist());
        return keys;
    }

    /**
     * The waiting list's keys, in the scripts' order: entries by position (zset), entries (hash), places held spare
     * for it (hash), the log of offers made and ended (list), the layout's seated rows (string). See lua/lib.lua.
     */
    List<String> waitlist() {
        String wl = "bk:{ev:" + eventId + "}:wl";
        return List.of(wl, wl + ":e", wl + ":spare", wl + ":log", "bk:{ev:" + eventId + "}:rows");
    }

    /** The waiting list's log (a list): what the app writes to PostgreSQL and mails. */
    String waitlistLog() {
        return waitlist().get(3);
    }

    /** Held by the instance that drains the waiting list's log. */
    String waitlistLock() {
        return "bk:{ev:" + eventId + "}:wl:lock";
    }

    /** Marks that an order's refund was applied, so a redelivered event does not apply it twice. */
    String refunded(UUID orderId) {
        return "bk:{ev:" + eventId + "}:refunded:" + orderId;
    }

    /** Buyers of the event: user -> places they hold or bought, for the per-user cap (a hash). */
    String users() {
        return "bk:{ev:" + eventId + "}:users";
    }

    /** What a rebuild from PostgreSQL writes (init.lua) and the sweeper changes (expire.lua), in their key order. */
    List<String> state() {
        return List.of(meta, seats, ga, expiry, users());
    }

    /** The waiting room's settings and admission state (a hash). */
    public String room() {
        return "bk:{ev:" + eventId + "}:wr";
    }

    /** Admitted shoppers: user -> end of their session (ms). */
    String admitted() {
        return room() + ":active";
    }

    /** Admitted shoppers who have not held anything yet. */
    String fresh() {
        return room() + ":fresh";
    }

    /**
     * Everything the waiting-room scripts read or change: the seat state (for what is still on sale), the room, its
     * queue (user -> rank), admitted and fresh shoppers, and finished entries (user -> why).
     */
    public List<String> roomState() {
        return List.of(meta, seats, ga, expiry, room(), room() + ":q", admitted(), fresh(), room() + ":gone");
    }
}
