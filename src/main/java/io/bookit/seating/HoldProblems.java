package io.bookit.seating;

import io.bookit.common.ProblemException;
import java.time.Instant;

/** The ways a hold or its claim by an order is refused, each with its stable problem type. */
public final class HoldProblems {

    private HoldProblems() {
    }

    public static ProblemException notFound() {
        return new ProblemException(404, "hold-not-found", "Hold not found", "No such hold of yours");
    }

    public static ProblemException expired() {
        return new ProblemException(409, "hold-expired", "Hold expired",
                "The hold has expired or was released; its seats are available to others again");
    }

    public static ProblemException alreadyOrdered() {
        return new ProblemException(409, "hold-already-ordered", "Hold already ordered",
                "An order has already been placed for this hold");
    }

    public static ProblemException inCheckout() {
        return new ProblemException(409, "hold-in-checkout", "Hold in checkout",
                "An order for this hold is being placed");
    }

    static ProblemException notOnSale(String status) {
        return new ProblemException(409, "event-not-on-sale", "Event not on sale",
                "The event is " + status + "; it is not on sale").with("eventStatus", status);
    }

    public static ProblemException salesNotStarted(Instant salesStartAt) {
        return new ProblemException(409, "sales-not-started", "Sales not started",
                "Sales open at " + salesStartAt).with("salesStartAt", salesStartAt.toString());
    }

    /** The event is on sale, but its sales window closed: nothing more is held or ordered. */
    public static ProblemException salesEnded(Instant salesEndAt) {
        return new ProblemException(409, "event-not-on-sale", "Event not on sale",
                "Sales ended at " + salesEndAt).with("salesEndAt", salesEndAt.toString());
    }

    /** Behind a waiting room: {@code why} is what was wrong with the caller's admission token. */
    public static ProblemException admissionRequired(String why) {
        String detail = switch (why) {
            case "missing" -> "This event sells through a waiting room: join the queue and send the admission "
                    + "token in the X-Admission-Token header";
            case "expired", "ended" -> "Your shopping session has ended; join the queue again";
            case "other-user" -> "This admission token belongs to someone else";
            case "other-event" -> "This admission token is for another event";
            default -> "The admission token is not valid";
        };
        return new ProblemException(403, "admission-required", "Admission required", detail).with("reason", why);
    }

    /** The caller's holds and paid orders at this event plus this hold would exceed the event's per-user cap. */
    static ProblemException seatLimitReached(int max, int heldOrBought) {
        return new ProblemException(409, "seat-limit-reached", "Seat limit reached",
                "At most " + max + " places per buyer at this event; you hold or bought " + heldOrBought)
                .with("maxSeatsPerUser", max).with("heldOrBought", heldOrBought);
    }

    static ProblemException tooMany(int max) {
        return new ProblemException(422, "too-many-seats", "Too many seats",
                "At most " + max + " places per order").with("maxSeatsPerOrder", max);
    }
}
