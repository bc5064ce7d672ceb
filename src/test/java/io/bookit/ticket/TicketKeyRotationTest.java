package io.bookit.ticket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.agroal.api.AgroalDataSource;
import io.bookit.support.Fixtures;
import io.bookit.support.Sql;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TicketKeyRotationTest {

    private static final String PROBLEMS = "https://bookit.dev/problems/";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    TicketsConfig config;

    @Test
    void aRotationSignsNewCodesWithTheNewKeyWhileIssuedCodesKeepCheckingIn() {
        Fixtures.Account organizer = Fixtures.organizer();
        Fixtures.Account buyer = Fixtures.attendee();
        String eventId = Fixtures.event(organizer).rows(1).seatsPerRow(10).maxPerOrder(4).onSale();
        List<String> tickets = Fixtures.buySeats(buyer, eventId, "ORCH-A-1", "ORCH-A-2");
        String issued = code(buyer, tickets.get(0));
        assertThat(TicketCode.parse(issued).keyId()).isEqualTo(1);

        organizer.as().post("/api/events/" + eventId + "/ticket-keys").then().statusCode(201)
                .body("keyId", equalTo(2)).body("algorithm", equalTo("Ed25519"))
                .body("createdAt", notNullValue()).body("retiredAt", nullValue());

        String reissued = code(buyer, tickets.get(1));
        assertThat(TicketCode.parse(reissued).keyId()).isEqualTo(2);
        assertThat(code(buyer, tickets.get(0))).isNotEqualTo(issued); // the same ticket, signed anew
        organizer.as().get("/api/events/" + eventId + "/ticket-keys").then().statusCode(200)
                .body("items.keyId", contains(1, 2))
                .body("items[0].retiredAt", notNullValue()).body("items[1].retiredAt", nullValue());
        organizer.as().get("/api/events/" + eventId + "/checkin-bundle").then().statusCode(200)
                .body("keys.keyId", contains(1, 2));

        // a printed ticket (the old key) and a fresh one (the new key) both get in, each once
        CheckinResourceTest.scan(organizer, eventId, issued, null).then().statusCode(200)
                .body("ticketId", equalTo(tickets.get(0)));
        CheckinResourceTest.scan(organizer, eventId, reissued, null).then().statusCode(200)
                .body("ticketId", equalTo(tickets.get(1)));
        CheckinResourceTest.scan(organizer, eventId, issued, null).then().statusCode(409)
                .body("type", equalTo(PROBLEMS + "already-checked-in"));
    }

    @Test
    void aRotationOnAnotherInstanceReachesThisOnesSigningWithinTheRefreshInterval() throws Exception {
        Fixtures.Account organizer = Fixtures.organizer();
        Fixtures.Account buyer = Fixtures.attendee();
        String eventId = Fixtures.event(organizer).rows(1).seatsPerRow(10).maxPerOrder(4).onSale();
        String ticketId = Fixtures.buySeats(buyer, eventId, "ORCH-A-3").get(0);
        assertThat(TicketCode.parse(code(buyer, ticketId)).keyId()).isEqualTo(1); // this instance holds key 1 now

        // another instance rotates: its new key reaches PostgreSQL only, not this instance's memory
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] encrypted = new KeyCipher(config.keyEncryptionKey()).encrypt(pair.getPrivate().getEncoded(),
                UUID.fromString(eventId), 2);
        Sql.update(dataSource, "INSERT INTO ticket_key (event_id, key_id, public_key, private_key, created_at) "
                + "VALUES (?, 2, ?, ?, now())", eventId, pair.getPublic().getEncoded(), encrypted);
        Sql.update(dataSource, "UPDATE ticket_key SET retired_at = now() WHERE event_id = ? AND key_id = 1", eventId);

        await().atMost(config.keyRefreshInterval().plus(Duration.ofSeconds(20))).pollInterval(Duration.ofMillis(250))
                .until(() -> TicketCode.parse(code(buyer, ticketId)).keyId() == 2);
        CheckinResourceTest.scan(organizer, eventId, code(buyer, ticketId), null).then().statusCode(200);
    }

    @Test
    void onlyTheEventsOwnerSeesAndRotatesItsKeys() {
        Fixtures.Account organizer = Fixtures.organizer();
        Fixtures.Account buyer = Fixtures.attendee();
        String eventId = Fixtures.event(organizer).rows(1).seatsPerRow(10).maxPerOrder(4).onSale();
        code(buyer, Fixtures.buySeats(buyer, eventId, "ORCH-A-1").get(0)); // the first code makes the first key
        for (Fixtures.Account stranger : List.of(buyer, Fixtures.organizer())) {
            stranger.as().post("/api/events/" + eventId + "/ticket-keys").then().statusCode(403)
                    .contentType("application/problem+json");
            stranger.as().get("/api/events/" + eventId + "/ticket-keys").then().statusCode(403);
        }
        organizer.as().post("/api/events/" + UUID.randomUUID() + "/ticket-keys").then().statusCode(404)
                .contentType("application/problem+json");
        organizer.as().get("/api/events/" + eventId + "/ticket-keys").then().statusCode(200)
                .body("items.keyId", contains(1)).body("items[0].retiredAt", nullValue());
    }

    private static String code(Fixtures.Account buyer, String ticketId) {
        return buyer.as().get("/api/tickets/" + ticketId).then().statusCode(200).extract().path("code");
    }
}
