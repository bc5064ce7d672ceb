package io.bookit.mail;

import io.bookit.auth.User;
import io.bookit.auth.UserRepository;
import io.bookit.common.DbTime;
import io.bookit.common.LocalTimes;
import io.bookit.common.Workers;
import io.bookit.event.Event;
import io.bookit.event.EventRepository;
import io.bookit.ticket.Ticket;
import io.bookit.ticket.TicketPdfs;
import io.bookit.ticket.TicketRepository;
import io.bookit.ticket.TransferEvents;
import io.bookit.venue.Section;
import io.bookit.venue.Venue;
import io.bookit.venue.VenueRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.qute.Variant;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;

/**
 * Mails both parties of a ticket transfer: the recipient when a ticket is offered ({@code transfer.offered}); once it
 * is accepted ({@code ticket.transferred}) the sender (the old code is dead) and the recipient (the ticket with its new
 * code as a PDF). Each mail of a message is recorded under the message id and its kind in the transaction that sends
 * it, as {@link OrderMailService} does: a redelivered message sends only what did not go yet.
 */
@ApplicationScoped
class TransferMailService {

    /** The fields of a transfer event (see {@link TransferEvents}) that the mails need. */
    record TransferMessage(String type, UUID transferId, UUID ticketId, UUID eventId, UUID orderId, String fromEmail,
            String toEmail, Instant expiresAt, Instant at) {

        /** Fails with IllegalArgumentException when the JSON is not a transfer event. */
        static TransferMessage of(JsonObject json) {
            try {
                String type = Objects.requireNonNull(json.getString("type"));
                String at = TransferEvents.TicketTransferred.TOPIC.equals(type) ? json.getString("acceptedAt")
                        : json.getString("at");
                String expiresAt = json.getString("expiresAt");
                return new TransferMessage(type, uuid(json, "transferId"), uuid(json, "ticketId"),
                        uuid(json, "eventId"), uuid(json, "orderId"), Objects.requireNonNull(json.getString("fromEmail")),
                        Objects.requireNonNull(json.getString("toEmail")),
                        expiresAt == null ? null : Instant.parse(expiresAt), Instant.parse(at));
            } catch (ClassCastException | NullPointerException | DateTimeException e) {
                throw new IllegalArgumentException("Not a transfer event: " + json, e);
            }
        }

        private static UUID uuid(JsonObject json, String field) {
            return UUID.fromString(json.getString(field));
        }

        List<TransferMailKind> kinds() {
            return switch (type) {
                case TransferEvents.TransferOffered.TOPIC -> List.of(TransferMailKind.OFFER);
                case TransferEvents.TicketTransferred.TOPIC -> List.of(TransferMailKind.SENT, TransferMailKind.RECEIVED);
                default -> List.of();
            };
        }
    }

    /** Whether a message of this type is a transfer event (mailed here rather than as an order event). */
    static boolean handles(String type) {
        return TransferEvents.TransferOffered.TOPIC.equals(type) || TransferEvents.TicketTransferred.TOPIC.equals(type);
    }

    /** The parties and the ticket, read once for the mails of one message. */
    record Facts(Event event, Venue venue, Ticket ticket, User sender, User recipient) {
    }

    private final TransferMailRepository mails;
    private final UserRepository users;
    private final EventRepository events;
    private final VenueRepository venues;
    private final TicketRepository tickets;
    private final TicketPdfs pdfs;
    private final ReactiveMailer mailer;

    TransferMailService(TransferMailRepository mails, UserRepository users, EventRepository events,
            VenueRepository venues, TicketRepository tickets, TicketPdfs pdfs, ReactiveMailer mailer) {
        this.mails = mails;
        this.users = users;
        this.events = events;
        this.venues = venues;
        this.tickets = tickets;
        this.pdfs = pdfs;
        this.mailer = mailer;
    }

    Uni<OrderMailService.Outcome> deliver(UUID messageId, JsonObject json) {
        TransferMessage message = TransferMessage.of(json);
        if (message.kinds().isEmpty()) {
            return Uni.createFrom().item(OrderMailService.Outcome.NOT_MAILED);
        }
        return facts(message).chain(facts -> Multi.createFrom().iterable(message.kinds())
                .onItem().transformToUniAndConcatenate(kind -> deliver(messageId, message, facts, kind))
                .collect().asList())
                .map(outcomes -> outcomes.contains(OrderMailService.Outcome.SENT) ? OrderMailService.Outcome.SENT
                        : OrderMailService.Outcome.DUPLICATE);
    }

    private Uni<OrderMailService.Outcome> deliver(UUID messageId, TransferMessage message, Facts facts,
            TransferMailKind kind) {
        return alreadySent(messageId, kind).chain(sent -> sent ? Uni.createFrom().item(OrderMailService.Outcome.DUPLICATE)
                : compose(messageId, message, facts, kind).chain(mail -> sendOnce(messageId, message, kind, mail)));
    }

    @WithSession
    Uni<Boolean> alreadySent(UUID messageId, TransferMailKind kind) {
        return mails.sent(messageId, kind);
    }

    /** Records this mail of the message and sends it in one transaction (see {@link OrderMailService#sendOnce}). */
    @WithTransaction
    Uni<OrderMailService.Outcome> sendOnce(UUID messageId, TransferMessage message, TransferMailKind kind, Mail mail) {
        String to = mail.getTo().get(0);
        return mails.claim(messageId, kind, message.transferId(), to, DbTime.now())
                .chain(claimed -> claimed == 0 ? Uni.createFrom().item(OrderMailService.Outcome.DUPLICATE)
                        : mailer.send(mail).invoke(() -> Log.infof("Mailed the %s of transfer %s to %s", kind,
                                message.transferId(), to)).replaceWith(OrderMailService.Outcome.SENT));
    }

    @WithSession
    Uni<Facts> facts(TransferMessage message) {
        return events.findById(message.eventId()).chain(event -> event == null
                ? Uni.createFrom().failure(new IllegalArgumentException("Transfer " + message.transferId()
                        + " names no event here"))
                : venues.findById(event.venueId).chain(venue -> tickets.findById(message.ticketId())
                        .chain(ticket -> users.findByEmail(message.fromEmail())
                                .chain(sender -> users.findByEmail(message.toEmail())
                                        .map(recipient -> new Facts(event, venue, ticket, sender, recipient))))));
    }

    /**
     * The recipient's mail carries the ticket's PDF (with the new code) only while the recipient still holds it: if it
     * changed hands again before this mail went, the code is someone else's.
     */
    private Uni<Mail> compose(UUID messageId, TransferMessage message, Facts facts, TransferMailKind kind) {
        Uni<byte[]> pdf = kind == TransferMailKind.RECEIVED && facts.recipient() != null
                ? pdfs.ofTicketHeldBy(message.ticketId(), facts.recipient().id) : Uni.createFrom().nullItem();
        return pdf.chain(attached -> Workers.call(() -> mail(messageId, message,
                letter(message, facts, kind, attached != null), attached)));
    }

    private static TransferLetter letter(TransferMessage message, Facts facts, TransferMailKind kind,
            boolean ticketAttached) {
        String zone = facts.venue().timezone;
        boolean toSender = kind == TransferMailKind.SENT;
        User addressee = toSender ? facts.sender() : facts.recipient();
        String other = toSender ? party(facts.recipient(), message.toEmail()) : party(facts.sender(), message.fromEmail());
        return new TransferLetter(kind, message.transferId(), message.orderId(),
                toSender ? message.fromEmail() : message.toEmail(), addressee == null ? "" : addressee.displayName,
                other, facts.event().name, LocalTimes.span(facts.event().startsAt, facts.event().endsAt, zone),
                facts.venue().name, facts.venue().address, place(facts.ticket(), facts.venue()),
                message.expiresAt() == null ? "" : LocalTimes.at(message.expiresAt(), zone),
                LocalTimes.at(message.at(), zone), ticketAttached);
    }

    private static String party(User user, String email) {
        return user == null ? email : user.displayName + " (" + email + ")";
    }

    private static String place(Ticket ticket, Venue venue) {
        if (ticket == null) {
            return "";
        }
        if (ticket.seatId != null) {
            return ticket.seatId;
        }
        Section section = venue.section(ticket.section);
        return (section == null ? ticket.section : section.name()) + " (general admission)";
    }

    private static Mail mail(UUID messageId, TransferMessage message, TransferLetter letter, byte[] pdf) {
        Function<TransferLetter, TemplateInstance> template = switch (letter.kind()) {
            case OFFER -> MailTemplates::transferOffer;
            case SENT -> MailTemplates::transferSent;
            case RECEIVED -> MailTemplates::transferReceived;
        };
        Mail mail = new Mail().addTo(letter.to()).setSubject(letter.subject())
                .setText(OrderMailService.render(template.apply(letter), Variant.TEXT_PLAIN))
                .setHtml(OrderMailService.render(template.apply(letter), Variant.TEXT_HTML))
                .addHeader("Message-ID", "<transfer-mail." + letter.kind().name().toLowerCase(Locale.ROOT)
                        + "." + messageId + "@bookit>");
        if (pdf != null) {
            mail.addAttachment("ticket-" + message.ticketId() + ".pdf", pdf, TicketPdfs.CONTENT_TYPE);
        }
        return mail;
    }
}
