package io.bookit.mail;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agroal.api.AgroalDataSource;
import io.bookit.support.Fixtures;
import io.bookit.support.GreenMailResource;
import io.bookit.support.Metrics;
import io.bookit.support.Pdfs;
import io.bookit.support.Sql;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Both parties of a ticket transfer are mailed over real SMTP (GreenMail), from events relayed by the outbox. */
@QuarkusTest
class TransferMailTest {

    private static final Duration MAIL_WAIT = Duration.ofSeconds(30);

    @Inject
    AgroalDataSource dataSource;

    @Test
    void theRecipientIsOfferedTheTicketThenBothPartiesAreMailedOnceWhenItIsAccepted() {
        Fixtures.Account buyer = Fixtures.account("ATTENDEE", "Bea Buyer");
        String eventId = Fixtures.event(Fixtures.organizer()).rows(1).seatsPerRow(10).maxPerOrder(4).onSale();
        String orderId = Fixtures.order(buyer, Fixtures.holdSeats(buyer, eventId, "ORCH-A-6")).then().statusCode(201)
                .extract().path("id");
        String ticketId = buyer.as().get("/api/orders/" + orderId).then().extract().path("tickets[0].id");
        String eventName = given().get("/api/events/" + eventId).then().extract().path("name");
        String oldCode = code(buyer, ticketId);
        awaitMails(buyer.email(), 1); // the order's confirmation

        // offered to an address that has no account yet
        String friendEmail = "friend-" + UUID.randomUUID() + "@example.test";
        String transferId = buyer.as().body(Map.of("email", friendEmail)).post("/api/tickets/" + ticketId + "/transfers")
                .then().statusCode(201).extract().path("id");

        ReceivedMail offer = awaitMails(friendEmail, 1).get(0);
        assertThat(offer.subject()).isEqualTo("Bea Buyer (" + buyer.email() + ") sent you a ticket: " + eventName);
        assertThat(offer.text()).startsWith("Hello,").contains("ORCH-A-6", transferId, "(Europe/Berlin)", "Hall");
        assertThat(offer.html()).contains("<html", "Bea Buyer", transferId, "ORCH-A-6");
        assertThat(offer.attachments()).isEmpty();

        Fixtures.Account friend = Fixtures.account("ATTENDEE", "Fred Friend", friendEmail);
        friend.as().post("/api/transfers/" + transferId + "/accept").then().statusCode(200);
        String newCode = code(friend, ticketId);

        ReceivedMail received = awaitMails(friendEmail, 2).get(1);
        assertThat(received.subject()).isEqualTo("Your ticket: " + eventName);
        assertThat(received.text()).startsWith("Hello Fred Friend,").contains("Bea Buyer", "ORCH-A-6",
                "attached as a PDF with its new code");
        byte[] pdf = received.attachment("ticket-" + ticketId + ".pdf").bytes();
        assertThat(Pdfs.scannedCodes(pdf)).containsExactly(newCode).doesNotContain(oldCode);
        assertThat(Pdfs.pageTexts(pdf).get(0).replace('\n', ' ')).contains("Fred Friend");

        ReceivedMail sent = awaitMails(buyer.email(), 2).get(1);
        assertThat(sent.subject()).isEqualTo("Your ticket was transferred: " + eventName);
        assertThat(sent.text()).startsWith("Hello Bea Buyer,").contains("Fred Friend (" + friendEmail + ")",
                "ORCH-A-6", "no longer opens the door");
        assertThat(sent.html()).contains("Fred Friend", "no longer opens the door");
        assertThat(sent.attachments()).isEmpty();

        // the broker delivers the acceptance again: nobody gets a second mail
        double handledBefore = Metrics.sum("bookit_mails_total");
        Sql.update(dataSource, "UPDATE outbox_message SET published_at = NULL, claimed_until = NULL "
                + "WHERE topic = 'ticket.transferred' AND payload LIKE ?", "%" + transferId + "%");
        await().atMost(MAIL_WAIT).until(() -> Metrics.sum("bookit_mails_total") > handledBefore);
        awaitQuiet();
        assertThat(GreenMailResource.messagesTo(friendEmail)).hasSize(2);
        assertThat(GreenMailResource.messagesTo(buyer.email())).hasSize(2);
        assertThat(Sql.column(dataSource, "SELECT kind || ' ' || recipient FROM transfer_mail WHERE transfer_id = ? "
                + "ORDER BY kind", transferId)).containsExactly("OFFER " + friendEmail, "RECEIVED " + friendEmail,
                        "SENT " + buyer.email());
    }

    private static String code(Fixtures.Account holder, String ticketId) {
        return holder.as().get("/api/tickets/" + ticketId).then().statusCode(200).extract().path("code");
    }

    private static List<ReceivedMail> awaitMails(String address, int count) {
        await().atMost(MAIL_WAIT).untilAsserted(() ->
                assertThat(GreenMailResource.messagesTo(address)).hasSizeGreaterThanOrEqualTo(count));
        return GreenMailResource.messagesTo(address).stream().map(ReceivedMail::of).toList();
    }

    /** Until the relay has published every outbox row and the mail consumer has handled them all. */
    private void awaitQuiet() {
        await().atMost(MAIL_WAIT).until(() -> Sql.number(dataSource,
                "SELECT count(*) FROM outbox_message WHERE published_at IS NULL") == 0);
        double handled = Metrics.sum("bookit_mails_total");
        await().pollDelay(Duration.ofSeconds(1)).atMost(MAIL_WAIT)
                .until(() -> Metrics.sum("bookit_mails_total") == handled);
    }
}
