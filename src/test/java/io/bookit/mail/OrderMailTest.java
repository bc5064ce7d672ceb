package io.bookit.mail;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.agroal.api.AgroalDataSource;
import io.bookit.support.Fixtures;
import io.bookit.support.GreenMailResource;
import io.bookit.support.Metrics;
import io.bookit.support.Pdfs;
import io.bookit.support.Sql;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Buyers' mails over real SMTP (GreenMail), from order events that travel through the outbox and RabbitMQ: one mail
 * per order event, even when the broker delivers the event again.
 */
@QuarkusTest
class OrderMailTest {

    private static final Duration MAIL_WAIT = Duration.ofSeconds(30);
    private static final DateTimeFormatter ICS_UTC = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aConfirmedOrderMailsItsTicketsAsPdfWithACalendarEntryExactlyOnce() {
        Fixtures.Account buyer = Fixtures.account("ATTENDEE", "Ada Lovelace");
        String eventId = Fixtures.event(Fixtures.organizer()).rows(1).seatsPerRow(10).maxPerOrder(4).onSale();
        Map<String, Object> order = Fixtures.order(buyer, Fixtures.holdSeats(buyer, eventId, "ORCH-A-1", "ORCH-A-2"))
                .then().statusCode(201).body("status", equalTo("CONFIRMED")).extract().as(Map.class);
        String orderId = (String) order.get("id");
        Map<String, Object> event = given().get("/api/events/" + eventId).then().statusCode(200).extract().as(Map.class);

        ReceivedMail mail = awaitMails(buyer, 1).get(0);

        assertThat(mail.subject()).isEqualTo("Your tickets: " + event.get("name"));
        assertThat(mail.text()).contains("Hello Ada Lovelace", "ORCH-A-1, ORCH-A-2", "98.00 EUR", orderId)
                .contains("(Europe/Berlin)");
        assertThat(mail.html()).contains("<html", "Ada Lovelace", "ORCH-A-1", "98.00 EUR", orderId);

        byte[] pdf = mail.attachment("tickets-" + orderId + ".pdf").bytes();
        assertThat(mail.attachment("tickets-" + orderId + ".pdf").contentType()).startsWith("application/pdf");
        List<String> ticketIds = ticketIds(order);
        assertThat(Pdfs.pageCount(pdf)).isEqualTo(2);
        assertThat(Pdfs.scannedCodes(pdf)).containsExactly(code(buyer, ticketIds.get(0)), code(buyer, ticketIds.get(1)));
        List<String> pages = Pdfs.pageTexts(pdf).stream().map(page -> page.replace('\n', ' ')).toList(); // names wrap
        assertThat(pages.get(0)).contains((String) event.get("name"), "ORCH-A-1", "Orchestra", "Ada Lovelace", orderId,
                "Hall", "1 Main St", "(Europe/Berlin)");
        assertThat(pages.get(1)).contains("ORCH-A-2");

        ReceivedMail.Attachment calendar = mail.attachment("event.ics");
        assertThat(calendar.contentType()).startsWith("text/calendar").contains("method=publish");
        List<String> ics = unfolded(calendar);
        assertThat(ics).contains("METHOD:PUBLISH", "UID:order-" + orderId + "@bookit", "STATUS:CONFIRMED",
                "DTSTART:" + icsTime(event.get("startsAt")), "DTEND:" + icsTime(event.get("endsAt")),
                "SUMMARY:" + event.get("name"), "LOCATION:Hall\\, 1 Main St", "ORGANIZER:mailto:tickets@bookit.test");

        // the broker delivers the same message (same outbox row, same message id) again: no second mail
        double handledBefore = Metrics.sum("bookit_mails_total");
        double duplicatesBefore = Metrics.sum("bookit_mails_total", "result=\"duplicate\"");
        Sql.update(dataSource, "UPDATE outbox_message SET published_at = NULL, claimed_until = NULL "
                + "WHERE topic = 'order.confirmed' AND payload LIKE ?", "%" + orderId + "%");
        await().atMost(MAIL_WAIT).until(() -> Metrics.sum("bookit_mails_total") > handledBefore);
        assertThat(GreenMailResource.messagesTo(buyer.email())).hasSize(1);
        assertThat(Metrics.sum("bookit_mails_total", "result=\"duplicate\"")).isEqualTo(duplicatesBefore + 1);
        assertThat(mailKinds(orderId)).containsExactly("CONFIRMATION");
    }

    @Test
    void aBuyersCancellationMailsTheRefundOnceWithACalendarCancellation() {
        Fixtures.Account buyer = Fixtures.attendee();
        String eventId = Fixtures.event(Fixtures.organizer()).standing(50).maxPerOrder(4).onSale();
        String orderId = Fixtures.order(buyer, Fixtures.hold(buyer, eventId, Map.of("section", "PIT", "quantity", 3))
                .then().statusCode(201).extract().path("id")).then().statusCode(201).extract().path("id");
        assertThat(awaitMails(buyer, 1).get(0).text()).contains("3 \u00d7 Standing (general admission)", "75.00 EUR");

        buyer.as().post("/api/orders/" + orderId + "/cancel").then().statusCode(200).body("status", equalTo("REFUNDED"));

        ReceivedMail refund = awaitMails(buyer, 2).get(1);
        assertThat(refund.subject()).startsWith("Your order was refunded: Concert ");
        assertThat(refund.text()).contains("was refunded", "What happened: Cancelled by the buyer",
                "Amount:        75.00 EUR", "When:          ", orderId);
        assertThat(refund.html()).contains("Cancelled by the buyer", "75.00 EUR");
        assertThat(refund.attachments()).extracting(ReceivedMail.Attachment::fileName).containsExactly("event.ics");
        assertThat(unfolded(refund.attachment("event.ics"))).contains("METHOD:CANCEL", "STATUS:CANCELLED",
                "SEQUENCE:1", "UID:order-" + orderId + "@bookit");

        awaitQuiet();
        assertThat(GreenMailResource.messagesTo(buyer.email())).hasSize(2);
        assertThat(mailKinds(orderId)).containsExactly("CONFIRMATION", "REFUND");
    }

    @Test
    void cancellingAnEventMailsEachBuyerOneCancellation() {
        Fixtures.Account organizer = Fixtures.organizer();
        Fixtures.Account first = Fixtures.attendee();
        Fixtures.Account second = Fixtures.attendee();
        String eventId = Fixtures.event(organizer).rows(1).seatsPerRow(10).maxPerOrder(4).onSale();
        String firstOrder = order(first, eventId, "ORCH-A-1");
        String secondOrder = order(second, eventId, "ORCH-A-5", "ORCH-A-6");
        awaitMails(first, 1);
        awaitMails(second, 1);

        organizer.as().post("/api/events/" + eventId + "/cancel").then().statusCode(200);

        ReceivedMail toFirst = awaitMails(first, 2).get(1);
        ReceivedMail toSecond = awaitMails(second, 2).get(1);
        assertThat(toFirst.subject()).startsWith("Cancelled: Concert ").endsWith("(your order was refunded)");
        assertThat(toFirst.text()).contains("has been cancelled by the", "Amount:   49.00 EUR", "Refunded: ");
        assertThat(toSecond.text()).contains("Amount:   98.00 EUR", secondOrder);
        assertThat(toSecond.html()).contains("is cancelled", "98.00 EUR");
        assertThat(unfolded(toSecond.attachment("event.ics"))).contains("METHOD:CANCEL",
                "UID:order-" + secondOrder + "@bookit");

        awaitQuiet();
        assertThat(GreenMailResource.messagesTo(first.email())).hasSize(2);
        assertThat(GreenMailResource.messagesTo(second.email())).hasSize(2);
        assertThat(mailKinds(firstOrder)).containsExactly("CONFIRMATION", "CANCELLATION");
        assertThat(mailKinds(secondOrder)).containsExactly("CONFIRMATION", "CANCELLATION");
    }

    private static String order(Fixtures.Account buyer, String eventId, String... seats) {
        return Fixtures.order(buyer, Fixtures.holdSeats(buyer, eventId, seats)).then().statusCode(201)
                .extract().path("id");
    }

    private static List<ReceivedMail> awaitMails(Fixtures.Account buyer, int count) {
        await().atMost(MAIL_WAIT).untilAsserted(() ->
                assertThat(GreenMailResource.messagesTo(buyer.email())).hasSizeGreaterThanOrEqualTo(count));
        return GreenMailResource.messagesTo(buyer.email()).stream().map(ReceivedMail::of).toList();
    }

    /**
     * Until the mail consumer has caught up with every published order event and then nothing more arrives for a
     * moment: a stray second copy of a mail would show up in that moment.
     */
    private void awaitQuiet() {
        await().atMost(MAIL_WAIT).until(() -> Sql.number(dataSource,
                "SELECT count(*) FROM outbox_message WHERE published_at IS NULL") == 0);
        int[] received = {-1};
        await().during(Duration.ofMillis(1_500)).atMost(MAIL_WAIT).until(() -> {
            int now = GreenMailResource.server.getReceivedMessages().length;
            boolean still = now == received[0];
            received[0] = now;
            return still;
        });
    }

    @SuppressWarnings("unchecked")
    private static List<String> ticketIds(Map<String, Object> order) {
        return ((List<Map<String, Object>>) order.get("tickets")).stream().map(t -> (String) t.get("id")).toList();
    }

    private static String code(Fixtures.Account holder, String ticketId) {
        return holder.as().get("/api/tickets/" + ticketId).then().statusCode(200).extract().path("code");
    }

    private static String icsTime(Object isoInstant) {
        return ICS_UTC.format(Instant.parse((String) isoInstant));
    }

    /** The calendar's content lines, unfolded, after checking the RFC 5545 line rules on the raw text. */
    private static List<String> unfolded(ReceivedMail.Attachment calendar) {
        String raw = calendar.asText();
        assertThat(raw).endsWith("\r\n").doesNotContain("\n\n");
        assertThat(raw.replace("\r\n", "")).doesNotContain("\r").doesNotContain("\n");
        for (String line : raw.split("\r\n")) {
            assertThat(line.getBytes(StandardCharsets.UTF_8).length).as(line).isLessThanOrEqualTo(75);
        }
        return List.of(raw.replace("\r\n ", "").split("\r\n"));
    }

    private List<String> mailKinds(String orderId) {
        return Sql.column(dataSource, "SELECT kind FROM order_mail WHERE order_id = ? ORDER BY sent_at", orderId);
    }
}
