package io.bookit.ticket;

import io.bookit.auth.Caller;
import io.bookit.common.DbTime;
import io.bookit.common.PgErrors;
import io.bookit.common.ProblemException;
import io.bookit.event.Event;
import io.bookit.event.EventRepository;
import io.bookit.event.EventStatus;
import io.bookit.outbox.Outbox;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/**
 * Ticket transfers (docs/TICKETS.md, "Transfers"): the holder offers a ticket to an e-mail address, whoever logs in
 * with that address accepts it, and the ticket changes holder with a new code generation, so that the old code is
 * refused at the door. Each step is one transaction that locks the ticket row first and then moves the transfer by a
 * guarded UPDATE: of an accept racing a cancel, a second accept, or the sender's order cancel, exactly one wins.
 */
@ApplicationScoped
class TransferService {

    /** At most this many transfers each way in {@code GET /api/me/transfers}, newest first. */
    static final int LIST_LIMIT = 100;
    static final int EXPIRY_BATCH = 500;
    private static final String ONE_PENDING = "ticket_transfer_one_pending";

    private final TransferRepository transfers;
    private final TicketRepository tickets;
    private final EventRepository events;
    private final Outbox outbox;
    private final TransfersConfig config;

    TransferService(TransferRepository transfers, TicketRepository tickets, EventRepository events, Outbox outbox,
            TransfersConfig config) {
        this.transfers = transfers;
        this.tickets = tickets;
        this.events = events;
        this.outbox = outbox;
        this.config = config;
    }

    /** The holder offers a VALID ticket of an event that allows transfers and has not started. */
    Uni<TicketDtos.TransferView> offer(Caller caller, UUID ticketId, String email) {
        String to = email.strip().toLowerCase(Locale.ROOT);
        if (to.equals(caller.email())) {
            return Uni.createFrom().failure(ProblemException.validation("email", "is your own address"));
        }
        // the ticket's row lock orders offers of one ticket; the unique index stands behind it
        return insertOffer(caller, ticketId, to).onFailure(f -> PgErrors.violates(f, ONE_PENDING))
                .transform(f -> TicketProblems.transferPending(null));
    }

    @WithTransaction
    Uni<TicketDtos.TransferView> insertOffer(Caller caller, UUID ticketId, String to) {
        Instant now = DbTime.now();
        return tickets.lock(ticketId).chain(ticket -> {
            if (ticket == null || !caller.id().equals(ticket.holderId)) {
                throw TicketProblems.notFound();
            }
            return events.findById(ticket.eventId)
                    .invoke(event -> requireTransferable(ticket, event, now))
                    .call(() -> transfers.findPending(ticketId).invoke(pending -> {
                        if (pending != null) {
                            throw TicketProblems.transferPending(pending.id);
                        }
                    }))
                    .chain(event -> {
                        TicketTransfer transfer = new TicketTransfer();
                        transfer.id = UUID.randomUUID();
                        transfer.ticketId = ticket.id;
                        transfer.eventId = ticket.eventId;
                        transfer.orderId = ticket.orderId;
                        transfer.fromUserId = caller.id();
                        transfer.fromEmail = caller.email();
                        transfer.toEmail = to;
                        transfer.status = TransferStatus.PENDING;
                        transfer.createdAt = now;
                        Instant ttlEnd = now.plus(config.ttl());
                        transfer.expiresAt = ttlEnd.isBefore(event.startsAt) ? ttlEnd : event.startsAt;
                        return transfers.persist(transfer)
                                .call(() -> outbox.write(TransferEvents.TransferOffered.TOPIC,
                                        TransferEvents.TransferOffered.of(transfer)))
                                .call(() -> transfers.flush())
                                .map(saved -> TicketDtos.TransferView.of(saved, now));
                    });
        });
    }

    /**
     * The recipient (logged in with the address it was sent to) takes the ticket: under the ticket's row lock, the
     * transfer moves PENDING → ACCEPTED (a guarded UPDATE), the rules are checked again, and the ticket gets its new
     * holder and code generation; {@code ticket.transferred} goes to the outbox in the same transaction.
     */
    @WithTransaction
    Uni<TicketDtos.TransferView> accept(Caller caller, UUID transferId) {
        Instant now = DbTime.now();
        return transfers.findById(transferId).chain(transfer -> {
            if (transfer == null || !transfer.toEmail.equals(caller.email())) {
                throw TicketProblems.transferNotFound();
            }
            return tickets.lock(transfer.ticketId)
                    .call(() -> transfers.markAccepted(transferId, caller.id(), now)
                            .call(accepted -> accepted == 1 ? Uni.createFrom().voidItem() : notPending(transfer, now)))
                    .call(ticket -> events.findById(ticket.eventId)
                            .invoke(event -> requireTransferable(ticket, event, now)))
                    .call(ticket -> {
                        if (!ticket.holderId.equals(transfer.fromUserId)) { // only the holder offers: a safety net
                            throw TicketProblems.notTransferable("The ticket changed hands meanwhile");
                        }
                        ticket.holderId = caller.id();
                        ticket.codeGeneration++;
                        ticket.fileStoredAt = null; // the stored QR shows the old code: the file job stores the new one
                        return outbox.write(TransferEvents.TicketTransferred.TOPIC,
                                TransferEvents.TicketTransferred.of(transfer, now));
                    })
                    .call(() -> tickets.flush())
                    .replaceWith(() -> TicketDtos.TransferView.of(transfer, now).accepted(now));
        });
    }

    /** The sender withdraws a pending transfer. */
    @WithTransaction
    Uni<Void> cancel(Caller caller, UUID transferId) {
        Instant now = DbTime.now();
        return transfers.findById(transferId).chain(transfer -> {
            if (transfer == null || !transfer.fromUserId.equals(caller.id())) {
                throw TicketProblems.transferNotFound();
            }
            return transfers.markCancelled(transferId, now)
                    .call(cancelled -> cancelled == 1 ? Uni.createFrom().voidItem() : notPending(transfer, now));
        }).replaceWithVoid();
    }

    /** Fails with 409 {@code transfer-not-pending} and the status as it stands (a PENDING one past expiry: EXPIRED). */
    private Uni<Void> notPending(TicketTransfer transfer, Instant now) {
        return transfers.currentStatus(transfer.id).invoke(status -> {
            throw TicketProblems.transferNotPending(
                    status == TransferStatus.PENDING && !transfer.expiresAt.isAfter(now) ? TransferStatus.EXPIRED : status);
        }).replaceWithVoid();
    }

    /**
     * The rules for offering and for accepting: a VALID ticket, an event that has not started and allows transfers,
     * and fewer accepted transfers than its limit so far (the code generation counts them).
     */
    private static void requireTransferable(Ticket ticket, Event event, Instant now) {
        if (ticket.status != TicketStatus.VALID || event.status == EventStatus.CANCELLED) {
            throw TicketProblems.notTransferable("Only a valid ticket can be transferred; this one is "
                    + (ticket.status == TicketStatus.VALID ? "of a cancelled event" : ticket.status));
        }
        if (!now.isBefore(event.startsAt)) {
            throw ProblemException.conflict("event-started", "Tickets can be transferred only before the event starts");
        }
        if (!event.transfersAllowed) {
            throw TicketProblems.transfersNotAllowed();
        }
        if (ticket.codeGeneration >= event.maxTransfersPerTicket) {
            throw TicketProblems.transferLimitReached(event.maxTransfersPerTicket);
        }
    }

    @WithSession
    Uni<TicketDtos.MyTransfers> mine(Caller caller) {
        Instant now = Instant.now();
        return transfers.listTo(caller.email(), LIST_LIMIT).chain(incoming -> transfers.listFrom(caller.id(), LIST_LIMIT)
                .map(outgoing -> new TicketDtos.MyTransfers(
                        incoming.stream().map(t -> TicketDtos.TransferView.of(t, now)).toList(),
                        outgoing.stream().map(t -> TicketDtos.TransferView.of(t, now)).toList())));
    }

    @WithTransaction
    Uni<Integer> expireDue() {
        return transfers.expireDue(EXPIRY_BATCH);
    }
}
