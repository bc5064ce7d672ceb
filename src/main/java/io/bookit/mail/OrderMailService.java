package io.bookit.mail;

import io.bookit.auth.User;
import io.bookit.auth.UserRepository;
import io.bookit.common.DbTime;
import io.bookit.common.LocalTimes;
import io.bookit.common.Workers;
import io.bookit.event.Event;
import io.bookit.event.EventRepository;
import io.bookit.ticket.TicketPdfs;
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
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Mails buyers about their orders, once per order event: the confirmation with the tickets (PDF) and a calendar
 * entry, the refund, the event's cancellation. A mail is composed first (reads, then the PDF and the templates on a
 * worker thread), then sent inside the transaction that records it under the message's id (see {@link #sendOnce}).
 */
@ApplicationScoped
class OrderMailService {

    enum Outcome {
        SENT,
        /** This message was mailed before: a redelivery. */
        DUPLICATE,
        /** This order event calls for no mail. */
        NOT_MAILED
    }

    /** A mail ready to go, with what its record keeps. */
    record Composed(MailKind kind, UUID orderId, String to, Mail mail) {
    }

    private static final Pattern ADDRESS = Pattern.compile("<([^<>\\s]+@[^<>\\s]+)>|^\\s*([^<>\\s]+@[^<>\\s]+)\\s*$");

    private final OrderMailRepository mails;
    private final UserRepository users;
    private final EventRepository events;
    private final VenueRepository venues;
    private final TicketPdfs pdfs;
    private final ReactiveMailer mailer;
    private final String fromAddress;

    OrderMailService(OrderMailRepository mails, UserRepository users, EventRepository events, VenueRepository venues,
            TicketPdfs pdfs, ReactiveMailer mailer,
            @ConfigProperty(name = "quarkus.mailer.from") Optional<String> from) {
        this.mails = mails;
        this.users = users;
        this.events = events;
        this.venues = venues;
        this.pdfs = pdfs;
        this.mailer = mailer;
        this.fromAddress = from.map(OrderMailService::address).orElse(null);
    }

    Uni<Outcome> deliver(UUID messageId, OrderMessage message) {
        MailKind kind = message.kind();
        if (kind == null) {
            return Uni.createFrom().item(Outcome.NOT_MAILED);
        }
        return alreadySent(messageId).chain(sent -> sent ? Uni.createFrom().item(Outcome.DUPLICATE)
                : compose(messageId, kind, message).chain(composed -> sendOnce(messageId, composed)));
    }

    @WithSession
    Uni<Boolean> alreadySent(UUID messageId) {
        return mails.sent(messageId);
    }

    /**
     * Records the mail under the message's id and sends it in one transaction: a second delivery of the message waits
     * for this one and then records nothing and sends nothing. If sending fails, nothing is recorded and the message
     * is tried again. If the process dies after the SMTP server took the mail but before the commit, the mail goes
     * again (at least once); both copies carry the same Message-ID header.
     */
    @WithTransaction
    Uni<Outcome> sendOnce(UUID messageId, Composed composed) {
        Instant now = DbTime.now();
        return mails.claim(messageId, composed.orderId(), composed.kind(), composed.to(), now)
                .chain(claimed -> claimed == 0 ? Uni.createFrom().item(Outcome.DUPLICATE)
                        : mailer.send(composed.mail()).invoke(() -> logSent(composed)).replaceWith(Outcome.SENT));
    }

    private Uni<Composed> compose(UUID messageId, MailKind kind, OrderMessage message) {
        return letter(kind, message).chain(draft -> attachedPdf(kind, message)
                .chain(pdf -> Workers.call(() -> new Composed(kind, message.orderId(), draft.letter().to(),
                        mail(messageId, draft, pdf)))));
    }

    /** A letter and its calendar entry, from the owners of the buyer, the event and the venue. */
    record Draft(Letter letter, CalendarEntry entry, CalendarEntry.Method method) {
    }

    @WithSession
    Uni<Draft> letter(MailKind kind, OrderMessage message) {
        return users.findById(message.buyerId()).chain(buyer -> events.findById(message.eventId())
                .chain(event -> (event == null ? Uni.createFrom().<Venue>nullItem() : venues.findById(event.venueId))
                        .map(venue -> draft(kind, message, buyer, event, venue))));
    }

    private Draft draft(MailKind kind, OrderMessage message, User buyer, Event event, Venue venue) {
        if (buyer == null || event == null || venue == null) {
            throw new IllegalArgumentException("Order " + message.orderId() + " has no buyer or event here");
        }
        List<String> places = places(message, venue);
        Letter letter = new Letter(kind, message.orderId(), buyer.email, buyer.displayName, event.name,
                LocalTimes.span(event.startsAt, event.endsAt, venue.timezone), venue.name, venue.address, places,
                message.total() + " " + message.currency(), message.reason(),
                LocalTimes.at(message.at(), venue.timezone), kind == MailKind.CONFIRMATION || message.placesReleased());
        CalendarEntry entry = new CalendarEntry("order-" + message.orderId() + "@bookit", event.startsAt, event.endsAt,
                event.name, venue.name + ", " + venue.address,
                "Order " + message.orderId() + ": " + String.join(", ", places), fromAddress);
        return new Draft(letter, entry, calendarMethod(kind, message));
    }

    /** A new entry with the tickets; a cancelled one with a refund that took back places (none was made otherwise). */
    private static CalendarEntry.Method calendarMethod(MailKind kind, OrderMessage message) {
        if (kind == MailKind.CONFIRMATION) {
            return CalendarEntry.Method.PUBLISH;
        }
        return message.placesReleased() ? CalendarEntry.Method.CANCEL : null;
    }

    private Uni<byte[]> attachedPdf(MailKind kind, OrderMessage message) {
        if (kind != MailKind.CONFIRMATION) {
            return Uni.createFrom().nullItem();
        }
        return pdfs.ofOrder(message.orderId()).invoke(pdf -> {
            if (pdf == null) {
                throw new IllegalArgumentException("Confirmed order " + message.orderId() + " has no tickets");
            }
        });
    }

    private Mail mail(UUID messageId, Draft draft, byte[] pdf) {
        Letter letter = draft.letter();
        Function<Letter, TemplateInstance> template = switch (letter.kind()) {
            case CONFIRMATION -> MailTemplates::confirmation;
            case REFUND -> MailTemplates::refund;
            case CANCELLATION -> MailTemplates::cancellation;
        };
        Mail mail = new Mail().addTo(letter.to()).setSubject(letter.subject())
                .setText(render(template.apply(letter), Variant.TEXT_PLAIN))
                .setHtml(render(template.apply(letter), Variant.TEXT_HTML))
                // the same message gives the same Message-ID: a copy sent again after a crash can be recognised
                .addHeader("Message-ID", "<order-mail." + messageId + "@bookit>");
        if (pdf != null) {
            mail.addAttachment("tickets-" + letter.orderId() + ".pdf", pdf, TicketPdfs.CONTENT_TYPE);
        }
        if (draft.method() != null) {
            mail.addAttachment(CalendarEntry.FILE_NAME, draft.entry().write(draft.method(), Instant.now()),
                    CalendarEntry.contentType(draft.method()));
        }
        return mail;
    }

    static String render(TemplateInstance instance, String contentType) {
        return instance.setAttribute(TemplateInstance.SELECTED_VARIANT, Variant.forContentType(contentType)).render();
    }

    private static void logSent(Composed composed) {
        Log.infof("Mailed the %s of order %s to %s: \"%s\"%s", composed.kind(), composed.orderId(), composed.to(),
                composed.mail().getSubject(), composed.mail().getAttachments().isEmpty() ? ""
                        : " with " + composed.mail().getAttachments().stream().map(a -> a.getName()).toList());
    }

    /** The address in {@code Name <address>} or a bare address; null if there is none. */
    static String address(String from) {
        Matcher matcher = ADDRESS.matcher(from);
        return matcher.find() ? (matcher.group(1) != null ? matcher.group(1) : matcher.group(2)) : null;
    }

    private static List<String> places(OrderMessage message, Venue venue) {
        if (!message.seats().isEmpty()) {
            return message.seats();
        }
        Section section = venue.section(message.section());
        String name = section == null ? message.section() : section.name();
        return List.of(message.quantity() + " \u00d7 " + name + " (general admission)");
    }
}
