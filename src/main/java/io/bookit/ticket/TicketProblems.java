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
}
