package io.bookit.ticket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import io.agroal.api.AgroalDataSource;
import io.bookit.support.Fixtures;
import io.bookit.support.Parallel;
import io.bookit.support.Sql;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CheckinResourceTest {

    private static final String PROBLEMS = "https://bookit.dev/problems/";

    @Inject
    AgroalDataSource dataSource;

    /** An on-sale event of a fresh organizer, and one ticket of a fresh buyer with its code. */
    record Sold(Fixtures.Account organizer, Fixtures.Account buyer, String eventId, String ticketId, String code) {
    }

    static Sold sold(String seat) {
        Fixtures.Account organizer = Fixtures.organizer();
        Fixtures.Account buyer = Fixtures.attendee();
        String eventId = Fixtures.event(organizer).rows(1).seatsPerRow(10).maxPerOrder(4).onSale();
        String ticketId = Fixtures.buySeats(buyer, eventId, seat).get(0);
        String code = buyer.as().get("/api/tickets/" + ticketId).then().statusCode(200).extract().path("code");
        return new Sold(organizer, buyer, eventId, ticketId, code);
    }

    static Response scan(Fixtures.Account scanner, String eventId, String code, String nonce) {
        Map<String, String> body = new HashMap<>();
        body.put("code", code);
        if (nonce != null) {
            body.put("nonce", nonce);
        }
        return scanner.as().body(body).post("/api/events/" + eventId + "/checkins");
    }

    @Test
    void aValidCodeChecksInOnceThenAnswersAlreadyCheckedIn() {
        Sold sold = sold("ORCH-A-4");
        String checkedInAt = scan(sold.organizer(), sold.eventId(), sold.code(), null).then().statusCode(200)
                .body("ticketId", equalTo(sold.ticketId())).body("seat", equalTo("ORCH-A-4"))
                .body("holderName", equalTo("Test ATTENDEE")).body("checkedInAt", notNullValue())
                .extract().path("checkedInAt");

        scan(sold.organizer(), sold.eventId(), sold.code(), null).then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "already-checked-in"))
                .body("checkedInAt", equalTo(checkedInAt));
        sold.buyer().as().get("/api/tickets/" + sold.ticketId()).then().body("status", equalTo("CHECKED_IN"));
    }

    @Test
    void aCodeAlteredInAnySingleCharacterIsRejected() {
        Sold sold = sold("ORCH-A-1");
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.";
        for (int i = 0; i < sold.code().length(); i++) {
            char original = sold.code().charAt(i);
            char replacement = alphabet.charAt((alphabet.indexOf(original) + 1 + i) % alphabet.length());
            if (replacement == original) {
                replacement = alphabet.charAt((alphabet.indexOf(original) + 2) % alphabet.length());
            }
            String altered = sold.code().substring(0, i) + replacement + sold.code().substring(i + 1);
            scan(sold.organizer(), sold.eventId(), altered, null).then().statusCode(422)
                    .contentType("application/problem+json")
                    .body("type", equalTo(PROBLEMS + "ticket-rejected"))
                    .body("reason", equalTo("invalid-code"));
        }
        scan(sold.organizer(), sold.eventId(), "not a code", null).then().statusCode(422)
                .body("reason", equalTo("invalid-code"));
        sold.buyer().as().get("/api/tickets/" + sold.ticketId()).then().body("status", equalTo("VALID"));
    }

    @Test
    void aCodeOfAnotherEventIsRejectedAsWrongEvent() {
        Sold sold = sold("ORCH-A-1");
        String otherEvent = Fixtures.event(sold.organizer()).rows(1).seatsPerRow(5).maxPerOrder(4).onSale();
        scan(sold.organizer(), otherEvent, sold.code(), null).then().statusCode(422)
                .body("reason", equalTo("wrong-event"));
    }

    @Test
    void theScannersRightsAreCheckedBeforeTheCode() throws Exception {
        Sold sold = sold("ORCH-A-3");
        String garbage = "BK1.not-a-code.at-all";
        scan(Fixtures.attendee(), sold.eventId(), garbage, null).then().statusCode(403)
                .contentType("application/problem+json");
        scan(Fixtures.organizer(), sold.eventId(), forgedCode(UUID.randomUUID(), 1), null).then().statusCode(403);
        scan(sold.organizer(), UUID.randomUUID().toString(), sold.code(), null).then().statusCode(404);
        scan(sold.organizer(), sold.eventId(), garbage, null).then().statusCode(422)
                .body("reason", equalTo("invalid-code"));
    }

    @Test
    void aCodeNamingAnEventWithoutKeysIsRememberedSoRepeatingItDoesNotReachPostgres() throws Exception {
        Fixtures.Account organizer = Fixtures.organizer();
        String door = Fixtures.event(organizer).rows(1).seatsPerRow(5).maxPerOrder(4).onSale();
        String keyless = Fixtures.event(organizer).rows(1).seatsPerRow(5).maxPerOrder(4)
                .onSale(); // sold nothing: no signing key yet
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        String code = signedCode(UUID.randomUUID(), UUID.fromString(keyless), 1, pair);

        scan(organizer, door, code, null).then().statusCode(422).body("reason", equalTo("invalid-code"));
        // the key appears behind the app's back: a node that asked PostgreSQL again would now verify the code and
        // answer wrong-event; this one remembers that the event had no keys and answers from memory
        Sql.update(dataSource, "INSERT INTO ticket_key (event_id, key_id, public_key, private_key, created_at, "
                + "retired_at) VALUES (?, 1, ?, ?, now(), now())", keyless, pair.getPublic().getEncoded(), new byte[32]);
        scan(organizer, door, code, null).then().statusCode(422).body("reason", equalTo("invalid-code"));
    }

    @Test
    void aNonceReusedWithAnotherCodeIsRefusedAndTheOtherTicketStaysUnscanned() {
        Fixtures.Account organizer = Fixtures.organizer();
        Fixtures.Account buyer = Fixtures.attendee();
        String eventId = Fixtures.event(organizer).rows(1).seatsPerRow(10).maxPerOrder(4).onSale();
        List<String> tickets = Fixtures.buySeats(buyer, eventId, "ORCH-A-1", "ORCH-A-2");
        String first = buyer.as().get("/api/tickets/" + tickets.get(0)).then().extract().path("code");
        String second = buyer.as().get("/api/tickets/" + tickets.get(1)).then().extract().path("code");

        scan(organizer, eventId, first, "door-1").then().statusCode(200).body("ticketId", equalTo(tickets.get(0)));
        scan(organizer, eventId, second, "door-1").then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "nonce-reused"));
        scan(organizer, eventId, first, "door-1").then().statusCode(200).body("ticketId", equalTo(tickets.get(0)));
        scan(organizer, eventId, second, "door-2").then().statusCode(200).body("ticketId", equalTo(tickets.get(1)));
    }

    /** A well-formed code for the ticket and event, signed with a key the event does not have. */
    static String forgedCode(UUID eventId, int keyId) throws GeneralSecurityException {
        return signedCode(UUID.randomUUID(), eventId, keyId, KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
    }

    /** The code format of docs/TICKETS.md, signed with {@code pair}. */
    static String signedCode(UUID ticketId, UUID eventId, int keyId, KeyPair pair) throws GeneralSecurityException {
        ByteBuffer payload = ByteBuffer.allocate(36)
                .putLong(ticketId.getMostSignificantBits()).putLong(ticketId.getLeastSignificantBits())
                .putLong(eventId.getMostSignificantBits()).putLong(eventId.getLeastSignificantBits()).putInt(keyId);
        String signed = "BK1." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.array());
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(pair.getPrivate());
        signer.update(signed.getBytes(StandardCharsets.US_ASCII));
        return signed + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signer.sign());
    }

    @Test
    void tenParallelScansOfOneCodeCheckInExactlyOnce() throws Exception {
        Sold sold = sold("ORCH-A-2");
        List<Integer> statuses = Parallel.run(10,
                i -> scan(sold.organizer(), sold.eventId(), sold.code(), null).statusCode());
        assertThat(statuses).filteredOn(s -> s == 200).hasSize(1);
        assertThat(statuses).filteredOn(s -> s == 409).hasSize(9);
    }

    @Test
    void aRetryWithTheSameNonceGetsTheFirstAnswer() {
        Sold sold = sold("ORCH-A-5");
        Map<String, Object> first = scan(sold.organizer(), sold.eventId(), sold.code(), "scan-1").then()
                .statusCode(200).extract().jsonPath().getMap("");
        Map<String, Object> retry = scan(sold.organizer(), sold.eventId(), sold.code(), "scan-1").then()
                .statusCode(200).extract().jsonPath().getMap("");
        assertThat(retry).isEqualTo(first);
        scan(sold.organizer(), sold.eventId(), sold.code(), "scan-2").then().statusCode(409)
                .body("checkedInAt", equalTo(first.get("checkedInAt")));
        // the ticket is voided now (the organizer refunds the order): a fresh decision says void, while a retry of
        // scan-2 still gets scan-2's own answer, so the 409 below is a replay and not a new decision
        String orderId = sold.buyer().as().get("/api/me/orders").then().extract().path("items[0].id");
        sold.organizer().as().post("/api/orders/" + orderId + "/cancel").then().statusCode(200);
        scan(sold.organizer(), sold.eventId(), sold.code(), "scan-3").then().statusCode(422)
                .body("reason", equalTo("void"));
        scan(sold.organizer(), sold.eventId(), sold.code(), "scan-2").then().statusCode(409)
                .body("checkedInAt", equalTo(first.get("checkedInAt")));
    }

    @Test
    void aVoidedTicketIsRejectedAndListedInTheBundle() {
        Fixtures.Account organizer = Fixtures.organizer();
        Fixtures.Account buyer = Fixtures.attendee();
        String eventId = Fixtures.event(organizer).rows(1).seatsPerRow(10).maxPerOrder(4).onSale();
        String orderId = Fixtures.order(buyer, Fixtures.holdSeats(buyer, eventId, "ORCH-A-7")).then().statusCode(201)
                .extract().path("id");
        String ticketId = buyer.as().get("/api/orders/" + orderId).then().extract().path("tickets[0].id");
        String code = buyer.as().get("/api/tickets/" + ticketId).then().extract().path("code");
        buyer.as().post("/api/orders/" + orderId + "/cancel").then().statusCode(200);

        scan(organizer, eventId, code, null).then().statusCode(422).body("reason", equalTo("void"));
        organizer.as().get("/api/events/" + eventId + "/checkin-bundle").then().statusCode(200)
                .body("voidTicketIds", hasItem(ticketId));
    }

    @Test
    void theBundleLetsAScannerVerifyCodesOffline() throws Exception {
        Sold sold = sold("ORCH-A-8");
        Response bundle = sold.organizer().as().get("/api/events/" + sold.eventId() + "/checkin-bundle");
        bundle.then().statusCode(200).body("eventId", equalTo(sold.eventId()))
                .body("keys", hasSize(1)).body("keys[0].algorithm", equalTo("Ed25519"))
                .body("voidTicketIds", hasSize(0)).body("generatedAt", notNullValue());
        int keyId = bundle.path("keys[0].keyId");
        PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(
                new X509EncodedKeySpec(Base64.getDecoder().decode((String) bundle.path("keys[0].publicKey"))));

        // what docs/TICKETS.md tells a scanner to do
        String[] parts = sold.code().split("\\.");
        byte[] payload = Base64.getUrlDecoder().decode(parts[1]);
        assertThat(java.nio.ByteBuffer.wrap(payload, 32, 4).getInt()).isEqualTo(keyId);
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(key);
        verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(verifier.verify(Base64.getUrlDecoder().decode(parts[2]))).isTrue();
    }

    @Test
    void ownerAndStaffMayScanAttendeesAndOtherOrganizersMayNot() {
        Sold sold = sold("ORCH-A-9");
        Fixtures.Account staff = Fixtures.attendee();
        Fixtures.Account stranger = Fixtures.attendee();
        Fixtures.Account otherOrganizer = Fixtures.organizer();
        String eventId = sold.eventId();

        scan(staff, eventId, sold.code(), null).then().statusCode(403).contentType("application/problem+json");
        scan(otherOrganizer, eventId, sold.code(), null).then().statusCode(403);
        otherOrganizer.as().get("/api/events/" + eventId + "/checkin-bundle").then().statusCode(403);
        scan(sold.buyer(), eventId, sold.code(), null).then().statusCode(403);

        otherOrganizer.as().body(Map.of("email", staff.email())).post("/api/events/" + eventId + "/staff")
                .then().statusCode(403);
        sold.organizer().as().body(Map.of("email", "nobody-" + System.nanoTime() + "@example.test"))
                .post("/api/events/" + eventId + "/staff").then().statusCode(404);
        sold.organizer().as().body(Map.of("email", "not-an-email")).post("/api/events/" + eventId + "/staff")
                .then().statusCode(400);
        sold.organizer().as().body(Map.of("email", staff.email())).post("/api/events/" + eventId + "/staff")
                .then().statusCode(201).body("userId", equalTo(staff.id())).body("eventId", equalTo(eventId));
        sold.organizer().as().get("/api/events/" + eventId + "/staff").then().statusCode(200)
                .body("items", hasSize(1)).body("items[0].userId", equalTo(staff.id()))
                .body("items[0].email", equalTo(staff.email()));
        otherOrganizer.as().get("/api/events/" + eventId + "/staff").then().statusCode(403);
        staff.as().get("/api/events/" + eventId + "/staff").then().statusCode(403);

        staff.as().body(Map.of("email", stranger.email())).post("/api/events/" + eventId + "/staff")
                .then().statusCode(403);
        staff.as().get("/api/events/" + eventId + "/checkin-bundle").then().statusCode(200);
        scan(stranger, eventId, sold.code(), null).then().statusCode(403);
        scan(staff, eventId, sold.code(), null).then().statusCode(200).body("ticketId", equalTo(sold.ticketId()));

        sold.organizer().as().delete("/api/events/" + eventId + "/staff/" + staff.id()).then().statusCode(204);
        sold.organizer().as().get("/api/events/" + eventId + "/staff").then().statusCode(200).body("items", hasSize(0));
        scan(staff, eventId, sold.code(), null).then().statusCode(403)
                .body("type", not(equalTo(PROBLEMS + "already-checked-in")));
        staff.as().get("/api/events/" + eventId + "/checkin-bundle").then().statusCode(403);
    }
}
