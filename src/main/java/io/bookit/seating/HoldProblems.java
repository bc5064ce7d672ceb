package io.bookit.seating;

import io.bookit.common.ProblemException;
import java.time.Instant;

/** The ways a hold or its claim by an order is refused, each with its stable problem type. */
public final class HoldProblems {

    public static final String HOLD_NOT_FOUND = "hold-not-found";
    public static final String HOLD_EXPIRED = "hold-expired";
    public static final String HOLD_ALREADY_ORDERED = "hold-already-ordered";
    public static final String HOLD_IN_CHECKOUT = "hold-in-checkout";
    /** Not on sale: a draft or cancelled event, or one whose sales window closed. */
    public static final String EVENT_NOT_ON_SALE = "event-not-on-sale";
    public static final String SALES_NOT_STARTED = "sales-not-started";
    public static final String ADMISSION_REQUIRED = "admission-required";
    public static final String SEAT_LIMIT_REACHED = "seat-limit-reached";
    public static final String TOO_MANY_SEATS = "too-many-seats";

    private HoldProblems() {
    }

    /** 409 {@code event-not-on-sale}, the one builder of that type (hold, queue, waiting list and order alike). */
    public static ProblemException eventNotOnSale(String detail) {
        return new ProblemException(409, EVENT_NOT_ON_SALE, "Event not on sale", detail);
    }

    public static ProblemException notFound() {
        return new ProblemException(404, HOLD_NOT_FOUND, "Hold not found", "No such hold of yours");
    }

    public static ProblemException expired() {
        return new ProblemException(409, HOLD_EXPIRED, "Hold expired",
                "The hold has expired or was released; its seats are available to others again");
    }

    public static ProblemException alreadyOrdered() {
        return new ProblemException(409, HOLD_ALREADY_ORDERED, "Hold already ordered",
                "An order has already been placed for this hold");
    }

    public static ProblemException inCheckout() {
        return new ProblemException(409, HOLD_IN_CHECKOUT, "Hold in checkout",
                "An order for this hold is being placed");
    }

    static ProblemException notOnSale(String status) {
        return eventNotOnSale("The event is " + status + "; it is not on sale")
                .with("eventStatus", status);
    }

    public static ProblemException salesNotStarted(Instant salesStartAt) {
        return new ProblemException(409, SALES_NOT_STARTED, "Sales not started",
                "Sales open at " + salesStartAt).with("salesStartAt", salesStartAt.toString());
    }

    /** The event is on sale, but its sales window closed: nothing more is held or ordered. */
    public static ProblemException salesEnded(Instant salesEndAt) {
        return eventNotOnSale("Sales ended at " + salesEndAt)
                .with("salesEndAt", salesEndAt.toString());
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
        return new ProblemException(403, ADMISSION_REQUIRED, "Admission required", detail).with("reason", why);
    }

    /** The caller's holds and paid orders at this event plus this hold would exceed the event's per-user cap. */
    static ProblemException seatLimitReached(int max, int heldOrBought) {
        return new ProblemException(409, SEAT_LIMIT_REACHED, "Seat limit reached",
                "At most " + max + " places per buyer at this event; you hold or bought " + heldOrBought)
                .with("maxSeatsPerUser", max).with("heldOrBought", heldOrBought);
    }

    static ProblemException tooMany(int max) {
        return new ProblemException(422, TOO_MANY_SEATS, "Too many seats",
                "At most " + max + " places per order").with("maxSeatsPerOrder", max);
    }
}
