package io.bookit.ticket;

import static io.bookit.ticket.CheckinResourceTest.scan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.agroal.api.AgroalDataSource;
import io.bookit.support.Fixtures;
import io.bookit.support.Parallel;
import io.bookit.support.Pdfs;
import io.bookit.support.Sql;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TransferResourceTest {

    private static final String PROBLEMS = "https://bookit.dev/problems/";

    @Inject
    AgroalDataSource dataSource;

    /** A ticket of a fresh buyer at a fresh on-sale event, offered to a fresh recipient. */
    record Offered(Fixtures.Account organizer, Fixtures.Account buyer, Fixtures.Account recipient, String eventId,
            String orderId, String ticketId, String transferId) {
    }

    static Offered offered(Map<String, ?> eventFields) {
        Fixtures.Account organizer = Fixtures.organizer();
        Fixtures.Account buyer = Fixtures.account("ATTENDEE", "Bea Buyer");
        Fixtures.Account recipient = Fixtures.account("ATTENDEE", "Rita Recipient");
        String eventId = Fixtures.event(organizer).rows(1).seatsPerRow(10).maxPerOrder(4).with(eventFields).onSale();
        String orderId = Fixtures.order(buyer, Fixtures.holdSeats(buyer, eventId, "ORCH-A-3")).then().statusCode(201)
                .extract().path("id");
        String ticketId = buyer.as().get("/api/orders/" + orderId).then().extract().path("tickets[0].id");
        String transferId = offer(buyer, ticketId, recipient.email()).then().statusCode(201).extract().path("id");
        return new Offered(organizer, buyer, recipient, eventId, orderId, ticketId, transferId);
    }

    static Offered offered() {
        return offered(Map.of());
    }

    static Response offer(Fixtures.Account from, String ticketId, String email) {
        return from.as().body(Map.of("email", email)).post("/api/tickets/" + ticketId + "/transfers");
    }

    static Response accept(Fixtures.Account recipient, String transferId) {
        return recipient.as().post("/api/transfers/" + transferId + "/accept");
    }

    static String code(Fixtures.Account holder, String ticketId) {
        return holder.as().get("/api/tickets/" + ticketId).then().statusCode(200).extract().path("code");
    }

    @Test
    void theRecipientTakesTheTicketWithANewCodeAndTheOldCodeIsSuperseded() {
        Fixtures.Account organizer = Fixtures.organizer();
        Fixtures.Account buyer = Fixtures.account("ATTENDEE", "Bea Buyer");
        Fixtures.Account recipient = Fixtures.account("ATTENDEE", "Rita Recipient");
        String eventId = Fixtures.event(organizer).rows(1).seatsPerRow(10).maxPerOrder(4).onSale();
        String ticketId = Fixtures.buySeats(buyer, eventId, "ORCH-A-5").get(0);
        String oldCode = code(buyer, ticketId);
        Instant before = Instant.now();

        Response offered = offer(buyer, ticketId, recipient.email().toUpperCase());
        offered.then().statusCode(201).body("ticketId", equalTo(ticketId)).body("eventId", equalTo(eventId))
                .body("fromEmail", equalTo(buyer.email())).body("toEmail", equalTo(recipient.email()))
                .body("status", equalTo("PENDING")).body("acceptedAt", nullValue());
        String transferId = offered.path("id");
        Instant expiresAt = Instant.parse(offered.path("expiresAt"));
        assertThat(expiresAt).isBetween(before.plus(Duration.ofDays(7)).minusSeconds(1),
                Instant.now().plus(Duration.ofDays(7)).plusSeconds(1));

        recipient.as().get("/api/me/transfers").then().statusCode(200)
                .body("incoming", hasSize(1)).body("incoming[0].id", equalTo(transferId))
                .body("incoming[0].status", equalTo("PENDING")).body("outgoing", hasSize(0));
        buyer.as().get("/api/me/transfers").then().statusCode(200)
                .body("outgoing", hasSize(1)).body("outgoing[0].id", equalTo(transferId)).body("incoming", hasSize(0));
        assertThat(code(buyer, ticketId)).isEqualTo(oldCode); // until it is accepted

        accept(recipient, transferId).then().statusCode(200).body("id", equalTo(transferId))
                .body("status", equalTo("ACCEPTED")).body("acceptedAt", notNullValue());

        String newCode = code(recipient, ticketId);
        assertThat(newCode).startsWith("BK2.").isNotEqualTo(oldCode);
        buyer.as().get("/api/tickets/" + ticketId).then().statusCode(404);
        buyer.as().get("/api/tickets/" + ticketId + "/qr.png").then().statusCode(404);
        recipient.as().get("/api/me/tickets").then().body("items.id", equalTo(List.of(ticketId)));
        buyer.as().get("/api/me/transfers").then().body("outgoing[0].status", equalTo("ACCEPTED"));

        scan(organizer, eventId, oldCode, null).then().statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "ticket-rejected")).body("reason", equalTo("superseded"));
        scan(organizer, eventId, newCode, null).then().statusCode(200)
                .body("ticketId", equalTo(ticketId)).body("holderName", equalTo("Rita Recipient"));
        scan(organizer, eventId, oldCode, null).then().statusCode(422).body("reason", equalTo("superseded"));

        organizer.as().get("/api/events/" + eventId + "/attendees").then().statusCode(200)
                .body("items", hasSize(1)).body("items[0].holderName", equalTo("Rita Recipient"))
                .body("items[0].holderEmail", equalTo(recipient.email()));
    }

    @Test
    void theCheckinBundleTellsAnOfflineScannerThatTheOldCodeIsSuperseded() {
        Offered t = offered();
        String oldCode = code(t.buyer(), t.ticketId());
        accept(t.recipient(), t.transferId()).then().statusCode(200);
        String newCode = code(t.recipient(), t.ticketId());

        JsonPath bundle = t.organizer().as().get("/api/events/" + t.eventId() + "/checkin-bundle").then()
                .statusCode(200).body("codeGenerations", hasSize(1))
                .body("codeGenerations[0].ticketId", equalTo(t.ticketId()))
                .body("codeGenerations[0].generation", equalTo(1))
                .extract().jsonPath();

        // what docs/TICKETS.md tells a scanner to do: the payload's generation against the bundle's
        int current = bundle.getInt("codeGenerations.find { it.ticketId == '" + t.ticketId() + "' }.generation");
        assertThat(generationOf(oldCode)).isLessThan(current); // refused offline: superseded
        assertThat(generationOf(newCode)).isEqualTo(current); // admitted
        assertThat(ticketIdOf(newCode)).isEqualTo(t.ticketId());
    }

    /** Generation 0 for BK1 codes; the int after the key id in a BK2 payload. */
    private static int generationOf(String code) {
        String[] parts = code.split("\\.");
        byte[] payload = Base64.getUrlDecoder().decode(parts[1]);
        return parts[0].equals("BK1") ? 0 : ByteBuffer.wrap(payload, 36, 4).getInt();
    }

    private static String ticketIdOf(String code) {
        ByteBuffer payload = ByteBuffer.wrap(Base64.getUrlDecoder().decode(code.split("\\.")[1]));
        return new UUID(payload.getLong(), payload.getLong()).toString();
    }

    @Test
    void strangersLearnNothingAndOnlyTheRightPartyMayActOnATransfer() {
        Offered t = offered();
        Fixtures.Account stranger = Fixtures.attendee();

        offer(stranger, t.ticketId(), stranger.email() + ".other").then().statusCode(404)
                .contentType("application/problem+json");
        offer(t.recipient(), t.ticketId(), stranger.email()).then().statusCode(404);
        accept(stranger, t.transferId()).then().statusCode(404);
        accept(t.buyer(), t.transferId()).then().statusCode(404);
        accept(t.organizer(), t.transferId()).then().statusCode(404);
        stranger.as().delete("/api/transfers/" + t.transferId()).then().statusCode(404);
        t.recipient().as().delete("/api/transfers/" + t.transferId()).then().statusCode(404);
        accept(stranger, UUID.randomUUID().toString()).then().statusCode(404);
        stranger.as().get("/api/me/transfers").then().body("incoming", hasSize(0)).body("outgoing", hasSize(0));
        offer(t.buyer(), t.ticketId(), "not an address").then().statusCode(400);
        offer(t.buyer(), t.ticketId(), t.buyer().email()).then().statusCode(400);

        accept(t.recipient(), t.transferId()).then().statusCode(200);
    }

    @Test
    void oneTransferIsPendingPerTicketAndTheSenderMayWithdrawIt() {
        Offered t = offered();
        Fixtures.Account other = Fixtures.attendee();

        offer(t.buyer(), t.ticketId(), other.email()).then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "transfer-pending")).body("transferId", equalTo(t.transferId()));

        t.buyer().as().delete("/api/transfers/" + t.transferId()).then().statusCode(204);
        t.buyer().as().delete("/api/transfers/" + t.transferId()).then().statusCode(409)
                .body("type", equalTo(PROBLEMS + "transfer-not-pending")).body("status", equalTo("CANCELLED"));
        accept(t.recipient(), t.transferId()).then().statusCode(409)
                .body("type", equalTo(PROBLEMS + "transfer-not-pending")).body("status", equalTo("CANCELLED"));
        t.recipient().as().get("/api/me/transfers").then().body("incoming[0].status", equalTo("CANCELLED"));
        code(t.buyer(), t.ticketId());

        String second = offer(t.buyer(), t.ticketId(), other.email()).then().statusCode(201).extract().path("id");
        accept(other, second).then().statusCode(200);
        assertThat(code(other, t.ticketId())).startsWith("BK2.");
    }

    @Test
    void theEventsSettingsAllowTransfersAndCapHowOftenATicketChangesHands() {
        Fixtures.Account organizer = Fixtures.organizer();
        String venueId = Fixtures.venue(organizer, 1, 5, 0);
        String defaults = organizer.as().body(Fixtures.eventBody(venueId, true, false, 4)).post("/api/events")
                .then().statusCode(201).body("transfersAllowed", equalTo(true))
                .body("maxTransfersPerTicket", equalTo(3)).extract().path("id");
        organizer.as().body(Map.of("maxTransfersPerTicket", 101)).patch("/api/events/" + defaults).then().statusCode(400);
        organizer.as().body(Map.of("maxTransfersPerTicket", -1)).patch("/api/events/" + defaults).then().statusCode(400);

        Offered once = offered(Map.of("maxTransfersPerTicket", 1));
        io.restassured.RestAssured.get("/api/events/" + once.eventId()).then()
                .body("maxTransfersPerTicket", equalTo(1)).body("transfersAllowed", equalTo(true));
        accept(once.recipient(), once.transferId()).then().statusCode(200);
        offer(once.recipient(), once.ticketId(), once.buyer().email()).then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "transfer-limit-reached")).body("maxTransfersPerTicket", equalTo(1));

        Fixtures.Account buyer = Fixtures.attendee();
        String closed = Fixtures.event(organizer).rows(1).seatsPerRow(5).maxPerOrder(4)
                .with(Map.of("transfersAllowed", false)).onSale();
        String ticketId = Fixtures.buySeats(buyer, closed, "ORCH-A-1").get(0);
        offer(buyer, ticketId, Fixtures.attendee().email()).then().statusCode(409)
                .body("type", equalTo(PROBLEMS + "transfers-not-allowed"));
        organizer.as().body(Map.of("transfersAllowed", true)).patch("/api/events/" + closed).then().statusCode(200)
                .body("transfersAllowed", equalTo(true));
        String transferId = offer(buyer, ticketId, Fixtures.attendee().email()).then().statusCode(201).extract().path("id");

        // switched off while an offer waits: the accept is refused and nothing changes hands
        Fixtures.Account late = Fixtures.attendee();
        buyer.as().delete("/api/transfers/" + transferId).then().statusCode(204);
        String pending = offer(buyer, ticketId, late.email()).then().statusCode(201).extract().path("id");
        organizer.as().body(Map.of("transfersAllowed", false)).patch("/api/events/" + closed).then().statusCode(200);
        accept(late, pending).then().statusCode(409).body("type", equalTo(PROBLEMS + "transfers-not-allowed"));
        late.as().get("/api/me/transfers").then().body("incoming[0].status", equalTo("PENDING"));
        code(buyer, ticketId);
    }

    @Test
    void anOfferExpiresAtTheEventsStartAtTheLatestAndThenCannotBeAccepted() {
        Fixtures.Account organizer = Fixtures.organizer();
        Fixtures.Account buyer = Fixtures.attendee();
        Fixtures.Account recipient = Fixtures.attendee();
        Instant startsAt = Instant.now().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        String eventId = Fixtures.event(organizer).rows(1).seatsPerRow(5).maxPerOrder(4)
                .with(Map.of("startsAt", startsAt.toString(), "endsAt", startsAt.plus(3, ChronoUnit.HOURS).toString()))
                .onSale();
        String ticketId = Fixtures.buySeats(buyer, eventId, "ORCH-A-2").get(0);
        Response offered = offer(buyer, ticketId, recipient.email());
        offered.then().statusCode(201).body("expiresAt", equalTo(startsAt.toString()));
        String transferId = offered.path("id");

        Sql.update(dataSource, "UPDATE ticket_transfer SET expires_at = now() - interval '1 second' WHERE id = ?",
                transferId);
        accept(recipient, transferId).then().statusCode(409)
                .body("type", equalTo(PROBLEMS + "transfer-not-pending")).body("status", equalTo("EXPIRED"));
        recipient.as().get("/api/me/transfers").then().body("incoming[0].status", equalTo("EXPIRED"));
        await().atMost(Duration.ofSeconds(30)).until(() -> Sql.column(dataSource,
                "SELECT status FROM ticket_transfer WHERE id = ?", transferId).get(0).equals("EXPIRED"));
        code(buyer, ticketId);
        // the ticket can be offered again
        offer(buyer, ticketId, recipient.email()).then().statusCode(201);
    }

    @Test
    void onlyAValidTicketOfAnEventThatHasNotStartedCanBeOffered() {
        Offered t = offered();
        accept(t.recipient(), t.transferId()).then().statusCode(200);
        scan(t.organizer(), t.eventId(), code(t.recipient(), t.ticketId()), null).then().statusCode(200);
        offer(t.recipient(), t.ticketId(), t.buyer().email()).then().statusCode(409)
                .body("type", equalTo(PROBLEMS + "ticket-not-transferable"));

        Offered started = offered();
        Sql.update(dataSource, "UPDATE event SET starts_at = now() - interval '1 minute' WHERE id = ?",
                started.eventId());
        accept(started.recipient(), started.transferId()).then().statusCode(409)
                .body("type", equalTo(PROBLEMS + "event-started"));
        started.buyer().as().delete("/api/transfers/" + started.transferId()).then().statusCode(204);
        offer(started.buyer(), started.ticketId(), started.recipient().email()).then().statusCode(409)
                .body("type", equalTo(PROBLEMS + "event-started"));
    }

    @Test
    void theBuyerCannotCancelAnOrderWithATransferredTicketButTheOrganizerCancellingTheEventRefundsAndVoidsIt() {
        Offered t = offered();
        accept(t.recipient(), t.transferId()).then().statusCode(200);
        String newCode = code(t.recipient(), t.ticketId());

        t.buyer().as().post("/api/orders/" + t.orderId() + "/cancel").then().statusCode(409)
                .contentType("application/problem+json").body("type", equalTo(PROBLEMS + "tickets-transferred"));
        t.buyer().as().get("/api/orders/" + t.orderId()).then().body("status", equalTo("CONFIRMED"))
                .body("tickets[0].status", equalTo("VALID"));

        t.organizer().as().post("/api/events/" + t.eventId() + "/cancel").then().statusCode(200);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> t.buyer().as().get("/api/orders/" + t.orderId())
                .then().body("status", equalTo("REFUNDED")).body("refundedAmount", equalTo("49.00")));
        scan(t.organizer(), t.eventId(), newCode, null).then().statusCode(422).body("reason", equalTo("void"));
        t.recipient().as().get("/api/tickets/" + t.ticketId()).then().body("status", equalTo("VOID"));
    }

    @Test
    void voidingAnOrderEndsItsPendingTransfers() {
        Offered t = offered();
        t.buyer().as().post("/api/orders/" + t.orderId() + "/cancel").then().statusCode(200)
                .body("status", equalTo("REFUNDED"));
        accept(t.recipient(), t.transferId()).then().statusCode(409).body("status", equalTo("CANCELLED"));
        t.buyer().as().get("/api/me/transfers").then().body("outgoing[0].status", equalTo("CANCELLED"));
    }

    @Test
    void theBuyersOrderPdfLeavesOutATicketTransferredToSomeoneElse() {
        Fixtures.Account organizer = Fixtures.organizer();
        Fixtures.Account buyer = Fixtures.attendee();
        Fixtures.Account recipient = Fixtures.attendee();
        String eventId = Fixtures.event(organizer).rows(1).seatsPerRow(10).maxPerOrder(4).onSale();
        String orderId = Fixtures.order(buyer, Fixtures.holdSeats(buyer, eventId, "ORCH-A-1", "ORCH-A-2"))
                .then().statusCode(201).extract().path("id");
        List<String> ticketIds = buyer.as().get("/api/orders/" + orderId).then().extract().path("tickets.id");
        String kept = ticketIds.get(0);
        String given = ticketIds.get(1);
        accept(recipient, offer(buyer, given, recipient.email()).then().statusCode(201).extract().path("id"))
                .then().statusCode(200);

        byte[] mine = buyer.as().get("/api/orders/" + orderId + "/tickets.pdf").then().statusCode(200)
                .extract().asByteArray();
        assertThat(Pdfs.scannedCodes(mine)).containsExactly(code(buyer, kept));
        byte[] all = organizer.as().get("/api/orders/" + orderId + "/tickets.pdf").then().statusCode(200)
                .extract().asByteArray();
        assertThat(Pdfs.scannedCodes(all)).containsExactly(code(buyer, kept), code(recipient, given));
    }

    @Test
    void anAcceptedTransferWritesTicketTransferredToTheOutbox() {
        Offered t = offered();
        String acceptedAt = accept(t.recipient(), t.transferId()).then().statusCode(200).extract().path("acceptedAt");

        List<String> payloads = Sql.column(dataSource, "SELECT payload FROM outbox_message "
                + "WHERE topic = 'ticket.transferred' AND payload::jsonb ->> 'transferId' = CAST(? AS text)", t.transferId());
        assertThat(payloads).hasSize(1);
        JsonPath payload = JsonPath.from(payloads.get(0));
        assertThat(payload.getString("type")).isEqualTo("ticket.transferred");
        assertThat(payload.getString("ticketId")).isEqualTo(t.ticketId());
        assertThat(payload.getString("eventId")).isEqualTo(t.eventId());
        assertThat(payload.getString("orderId")).isEqualTo(t.orderId());
        assertThat(payload.getString("fromEmail")).isEqualTo(t.buyer().email());
        assertThat(payload.getString("toEmail")).isEqualTo(t.recipient().email());
        assertThat(Instant.parse(payload.getString("acceptedAt"))).isEqualTo(Instant.parse(acceptedAt));
    }

    // --- races: racers released together; exactly one outcome

    @Test
    void anAcceptRacingTheSendersWithdrawalHasOneOutcome() throws Exception {
        for (int round = 0; round < 4; round++) {
            Offered t = offered();
            List<Integer> statuses = Parallel.run(2, i -> i == 0
                    ? accept(t.recipient(), t.transferId()).statusCode()
                    : t.buyer().as().delete("/api/transfers/" + t.transferId()).statusCode());
            String status = transferStatus(t.transferId());
            if (statuses.get(0) == 200) {
                assertThat(statuses.get(1)).isEqualTo(409);
                assertThat(status).isEqualTo("ACCEPTED");
                assertHeldBy(t.ticketId(), t.recipient(), 1);
            } else {
                assertThat(statuses).containsExactly(409, 204);
                assertThat(status).isEqualTo("CANCELLED");
                assertHeldBy(t.ticketId(), t.buyer(), 0);
            }
        }
    }

    @Test
    void twoAcceptsAtOnceRotateTheCodeOnce() throws Exception {
        Offered t = offered();
        List<Integer> statuses = Parallel.run(6, i -> accept(t.recipient(), t.transferId()).statusCode());
        assertThat(statuses).containsOnly(200, 409).containsOnlyOnce(200);
        assertHeldBy(t.ticketId(), t.recipient(), 1);
        assertThat(Sql.number(dataSource, "SELECT count(*) FROM outbox_message WHERE topic = 'ticket.transferred' "
                + "AND payload::jsonb ->> 'transferId' = CAST(? AS text)", t.transferId())).isEqualTo(1);
    }

    @Test
    void anAcceptRacingTheSendersOrderCancelHasOneOutcome() throws Exception {
        for (int round = 0; round < 4; round++) {
            Offered t = offered();
            List<Integer> statuses = Parallel.run(2, i -> i == 0
                    ? accept(t.recipient(), t.transferId()).statusCode()
                    : t.buyer().as().post("/api/orders/" + t.orderId() + "/cancel").statusCode());
            String order = t.buyer().as().get("/api/orders/" + t.orderId()).then().extract().path("status");
            if (statuses.get(0) == 200) {
                assertThat(statuses.get(1)).isEqualTo(409);
                assertThat(order).isEqualTo("CONFIRMED");
                assertHeldBy(t.ticketId(), t.recipient(), 1);
                t.recipient().as().get("/api/tickets/" + t.ticketId()).then().body("status", equalTo("VALID"));
            } else {
                assertThat(statuses).containsExactly(409, 200);
                assertThat(order).isEqualTo("REFUNDED");
                assertThat(transferStatus(t.transferId())).isEqualTo("CANCELLED");
                assertHeldBy(t.ticketId(), t.buyer(), 0);
                t.buyer().as().get("/api/tickets/" + t.ticketId()).then().body("status", equalTo("VOID"));
            }
        }
    }

    private String transferStatus(String transferId) {
        return Sql.column(dataSource, "SELECT status FROM ticket_transfer WHERE id = ?", transferId).get(0);
    }

    private void assertHeldBy(String ticketId, Fixtures.Account holder, int generation) {
        assertThat(Sql.column(dataSource, "SELECT holder_id || ':' || code_generation FROM ticket WHERE id = ?",
                ticketId)).containsExactly(holder.id() + ":" + generation);
        holder.as().get("/api/tickets/" + ticketId).then().statusCode(200)
                .body("code", startsWith(generation == 0 ? "BK1." : "BK2."));
    }
}
