package io.bookit.ticket;

import io.bookit.auth.Caller;
import io.bookit.common.ProblemException;
import io.bookit.outbox.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Check-in at the door: check the scanner's rights, verify the code's signature (memory only: unknown events and keys
 * are remembered too), replay a known nonce (for the code it answered), then one guarded UPDATE decides: exactly one
 * scan of a ticket wins, however many arrive at once.
 */
@ApplicationScoped
class CheckinService {

    private final TicketCodeService codes;
    private final StaffService staff;
    private final TicketRepository tickets;
    private final CheckinNonces nonces;
    private final TicketKeyCache keys;
    private final Outbox outbox;

    CheckinService(TicketCodeService codes, StaffService staff, TicketRepository tickets, CheckinNonces nonces,
            TicketKeyCache keys, Outbox outbox) {
        this.outbox = outbox;
        this.codes = codes;
        this.staff = staff;
        this.tickets = tickets;
        this.nonces = nonces;
        this.keys = keys;
    }

    /** Rights first: whoever may not scan at this event learns nothing about codes, and costs no key lookup. */
    Uni<TicketDtos.CheckinView> checkIn(Caller caller, UUID eventId, String codeText, String nonce) {
        return staff.requireCheckinAccess(caller, eventId)
                .chain(() -> codes.verify(codeText))
                .chain(code -> nonce == null ? decide(eventId, code)
                        : nonces.find(eventId, nonce).chain(previous -> previous != null ? previous.replay(codeText)
                                : decide(eventId, code).onItemOrFailure().call((ok, failure) ->
                                        remember(eventId, nonce, codeText, ok, failure))));
    }

    private Uni<Void> remember(UUID eventId, String nonce, String code, TicketDtos.CheckinView ok, Throwable failure) {
        if (ok != null) {
            return nonces.remember(eventId, nonce, CheckinNonces.Answer.of(code, ok));
        }
        if (failure instanceof ProblemException problem) {
            return nonces.remember(eventId, nonce, CheckinNonces.Answer.of(code, problem));
        }
        return Uni.createFrom().voidItem(); // an outage is not an answer: the retry tries again
    }

    private Uni<TicketDtos.CheckinView> decide(UUID eventId, TicketCode code) {
        if (!code.eventId().equals(eventId)) {
            return Uni.createFrom().failure(TicketProblems.rejected("wrong-event", "This ticket is for another event"));
        }
        return transition(code.ticketId(), eventId, code.generation());
    }

    /** The guarded UPDATE admits only the ticket's current code generation: a transfer's accept rotated the others. */
    @WithTransaction
    Uni<TicketDtos.CheckinView> transition(UUID ticketId, UUID eventId, int generation) {
        return tickets.checkIn(ticketId, eventId, generation).chain(updated -> tickets.findById(ticketId).chain(ticket -> {
            if (ticket == null || !ticket.eventId.equals(eventId)) {
                throw TicketProblems.rejected("invalid-code", "No such ticket");
            }
            if (updated == 1) {
                return outbox.write(TicketCheckedIn.TOPIC, new TicketCheckedIn(ticket.id, ticket.eventId, ticket.orderId,
                                ticket.section, ticket.seatId, ticket.checkedInAt))
                        .chain(() -> holderName(ticket.holderId))
                        .map(name -> new TicketDtos.CheckinView(ticket.id, ticket.place(), name, ticket.checkedInAt));
            }
            if (ticket.status == TicketStatus.VOID) {
                throw TicketProblems.rejected("void", "This ticket was voided (refunded or cancelled)");
            }
            if (generation < ticket.codeGeneration) {
                throw TicketProblems.rejected("superseded",
                        "This code was replaced when the ticket was transferred; only the holder's new code is valid");
            }
            if (generation > ticket.codeGeneration) {
                throw TicketProblems.rejected("invalid-code", "No such ticket code");
            }
            throw TicketProblems.alreadyCheckedIn(ticket.id, ticket.place(), ticket.checkedInAt);
        }));
    }

    /** What others learn when a ticket is let in (outbox topic {@code ticket.checked_in}), in the same transaction. */
    record TicketCheckedIn(UUID ticketId, UUID eventId, UUID orderId, String section, String seat, Instant checkedInAt) {
        static final String TOPIC = "ticket.checked_in";
    }

    private static Uni<String> holderName(UUID holderId) {
        return Panache.getSession().chain(session -> session.createSelectionQuery(
                "select displayName from User where id = ?1", String.class)
                .setParameter(1, holderId).getSingleResultOrNull());
    }

    /**
     * Everything a scanner needs to validate offline: the event's public keys, the voided tickets, and the current
     * code generation of every ticket whose code was rotated (a code of a lower generation is superseded).
     */
    Uni<TicketDtos.CheckinBundle> bundle(Caller caller, UUID eventId) {
        return staff.requireCheckinAccess(caller, eventId)
                .chain(event -> keys.of(eventId))
                .chain(eventKeys -> revocations(eventId).map(revoked -> new TicketDtos.CheckinBundle(eventId,
                        eventKeys.encodedPublicKeys().entrySet().stream()
                                .map(e -> new TicketDtos.BundleKey(e.getKey(), "Ed25519",
                                        Base64.getEncoder().encodeToString(e.getValue())))
                                .toList(),
                        revoked.voided(), revoked.generations(), Instant.now())));
    }

    /** What makes a genuine code of the event unusable: its ticket is void, or its generation was rotated. */
    record Revocations(List<UUID> voided, List<TicketDtos.CodeGeneration> generations) {
    }

    @WithSession
    Uni<Revocations> revocations(UUID eventId) {
        return tickets.voidIds(eventId).chain(voided -> tickets.rotatedCodes(eventId)
                .map(generations -> new Revocations(voided, generations)));
    }
}
