package io.bookit.mail;

import io.bookit.auth.User;
import io.bookit.auth.UserRepository;
import io.bookit.common.DbTime;
import io.bookit.common.LocalTimes;
import io.bookit.common.Workers;
import io.bookit.event.Event;
import io.bookit.event.EventRepository;
import io.bookit.venue.Venue;
import io.bookit.venue.VenueRepository;
import io.bookit.waitlist.WaitlistEvents;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.quarkus.qute.Variant;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Mails a waiting-list offer ({@code waitlist.offered}) to the user whose places are held. Recorded in
 * {@code waitlist_mail} under the message id in the transaction that sends it, as the other mails are: a redelivered
 * message sends nothing.
 */
@ApplicationScoped
class WaitlistMailService {

    /** The fields of a {@link WaitlistEvents.WaitlistOffered} that the mail needs. */
    record OfferMessage(UUID entryId, UUID eventId, UUID userId, String holdId, int quantity, String section,
            boolean together, Instant offerExpiresAt) {

        static OfferMessage of(JsonObject json) {
            try {
                return new OfferMessage(uuid(json, "entryId"), uuid(json, "eventId"), uuid(json, "userId"),
                        Objects.requireNonNull(json.getString("holdId")), json.getInteger("quantity"),
                        json.getString("section"), Boolean.TRUE.equals(json.getBoolean("together")),
                        Instant.parse(json.getString("offerExpiresAt")));
            } catch (ClassCastException | NullPointerException | IllegalArgumentException | DateTimeException e) {
                throw new IllegalArgumentException("Not a waiting-list offer: " + json, e);
            }
        }

        private static UUID uuid(JsonObject json, String field) {
            return UUID.fromString(json.getString(field));
        }

        String places() {
            String where = section == null ? "" : " in " + section;
            return quantity + (quantity == 1 ? " place" : " places") + where + (together && quantity > 1
                    ? ", side by side in one row" : "");
        }
    }

    record Facts(Event event, Venue venue, User user) {
    }

    private final UserRepository users;
    private final EventRepository events;
    private final VenueRepository venues;
    private final ReactiveMailer mailer;

    WaitlistMailService(UserRepository users, EventRepository events, VenueRepository venues, ReactiveMailer mailer) {
        this.users = users;
        this.events = events;
        this.venues = venues;
        this.mailer = mailer;
    }

    static boolean handles(String type) {
        return WaitlistEvents.WaitlistOffered.TOPIC.equals(type);
    }

    Uni<OrderMailService.Outcome> deliver(UUID messageId, JsonObject json) {
        OfferMessage message = OfferMessage.of(json);
        return facts(message).chain(facts -> Workers.call(() -> mail(messageId, letter(message, facts))))
                .chain(mail -> sendOnce(messageId, message, mail));
    }

    @WithSession
    Uni<Facts> facts(OfferMessage message) {
        return events.findById(message.eventId()).chain(event -> event == null
                ? Uni.createFrom().failure(new IllegalArgumentException("Offer " + message.entryId()
                        + " names no event here"))
                : venues.findById(event.venueId).chain(venue -> users.findById(message.userId())
                        .map(user -> {
                            if (user == null) {
                                throw new IllegalArgumentException("Offer " + message.entryId() + " names no user");
                            }
                            return new Facts(event, venue, user);
                        })));
    }

    /** Records the mail of the message and sends it in one transaction (see {@link OrderMailService#sendOnce}). */
    @WithTransaction
    Uni<OrderMailService.Outcome> sendOnce(UUID messageId, OfferMessage message, Mail mail) {
        String to = mail.getTo().get(0);
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                INSERT INTO waitlist_mail (message_id, entry_id, recipient, sent_at) VALUES (?1, ?2, ?3, ?4)
                ON CONFLICT (message_id) DO NOTHING""")
                .setParameter(1, messageId).setParameter(2, message.entryId()).setParameter(3, to)
                .setParameter(4, DbTime.now()).executeUpdate())
                .chain(claimed -> claimed == 0 ? Uni.createFrom().item(OrderMailService.Outcome.DUPLICATE)
                        : mailer.send(mail).invoke(() -> Log.infof("Mailed the waiting-list offer %s to %s",
                                message.entryId(), to)).replaceWith(OrderMailService.Outcome.SENT));
    }

    private static WaitlistLetter letter(OfferMessage message, Facts facts) {
        String zone = facts.venue().timezone;
        return new WaitlistLetter(message.entryId(), message.eventId(), message.holdId(), facts.user().email,
                facts.user().displayName, facts.event().name,
                LocalTimes.span(facts.event().startsAt, facts.event().endsAt, zone), facts.venue().name,
                facts.venue().address, message.places(), LocalTimes.at(message.offerExpiresAt(), zone));
    }

    private static Mail mail(UUID messageId, WaitlistLetter letter) {
        return new Mail().addTo(letter.to()).setSubject(letter.subject())
                .setText(OrderMailService.render(MailTemplates.waitlistOffer(letter), Variant.TEXT_PLAIN))
                .setHtml(OrderMailService.render(MailTemplates.waitlistOffer(letter), Variant.TEXT_HTML))
                .addHeader("Message-ID", "<waitlist-mail.offer." + messageId + "@bookit>");
    }
}
