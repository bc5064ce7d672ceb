package io.bookit.ticket;

import io.bookit.common.ProblemException;
import java.time.Instant;
import java.util.UUID;

/** The ticket feature's problem types. */
final class TicketProblems {

    private TicketProblems() {
    }

    /** 422 {@code ticket-rejected} with a typed {@code reason}: invalid-code, wrong-event or void. */
    static ProblemException rejected(String reason, String detail) {
        return new ProblemException(422, "ticket-rejected", "Ticket rejected", detail).with("reason", reason);
    }

    static ProblemException alreadyCheckedIn(UUID ticketId, String seat, Instant checkedInAt) {
        return new ProblemException(409, "already-checked-in", "Already checked in",
                "This ticket was checked in at " + checkedInAt)
                .with("ticketId", ticketId).with("seat", seat).with("checkedInAt", checkedInAt);
    }

    static ProblemException notFound() {
        return ProblemException.notFound("Ticket");
    }

    static ProblemException transferNotFound() {
        return ProblemException.notFound("Transfer");
    }

    /** 409 {@code transfer-pending}: one pending transfer per ticket. */
    static ProblemException transferPending(UUID transferId) {
        ProblemException problem = ProblemException.conflict("transfer-pending",
                "This ticket is already offered to someone; cancel that transfer first");
        return transferId == null ? problem : problem.with("transferId", transferId);
    }

    /** 409 {@code transfer-limit-reached}: the event's {@code maxTransfersPerTicket} accepted transfers happened. */
    static ProblemException transferLimitReached(int max) {
        return ProblemException.conflict("transfer-limit-reached",
                "This ticket has changed hands as often as the event allows").with("maxTransfersPerTicket", max);
    }

    /** 409 {@code transfer-not-pending}: it was accepted, cancelled or expired already. */
    static ProblemException transferNotPending(TransferStatus status) {
        return ProblemException.conflict("transfer-not-pending", "The transfer is " + status).with("status", status);
    }

    /** 409 {@code ticket-not-transferable}: only a VALID ticket of an event that has not started changes hands. */
    static ProblemException notTransferable(String detail) {
        return ProblemException.conflict("ticket-not-transferable", detail);
    }

    /** 409 {@code transfers-not-allowed}: the event's organizer switched transfers off. */
    static ProblemException transfersNotAllowed() {
        return ProblemException.conflict("transfers-not-allowed", "The organizer does not allow ticket transfers");
    }
}
