package io.bookit.waitlist;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.agroal.api.AgroalDataSource;
import io.bookit.mail.ReceivedMails;
import io.bookit.support.Fixtures;
import io.bookit.support.Sql;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The waiting list against the running app: real PostgreSQL, Redis, RabbitMQ and SMTP (GreenMail). */
@QuarkusTest
@TestProfile(WaitlistTestProfile.class)
class WaitlistTest {

    static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    AgroalDataSource dataSource;

    @Test
    void joiningIsRefusedWhileThePlacesAreOnSaleAndJoiningTwiceAnswersTheSameEntry() {
        Fixtures.Account organizer = Fixtures.organizer();
        String eventId = Fixtures.event(organizer).rows(1).seatsPerRow(2).maxPerOrder(2).onSale();
        Fixtures.Account fan = Fixtures.attendee();
        fan.as().body(Map.of("quantity", 1)).post("/api/events/" + eventId + "/waitlist").then().statusCode(409)
                .body("type", equalTo("https://bookit.dev/problems/seats-available"));
        assertThat(entries(eventId)).isZero();

        Fixtures.buySeats(Fixtures.attendee(), eventId, "ORCH-A-1", "ORCH-A-2");
        fan.as().body(Map.of("quantity", 3)).post("/api/events/" + eventId + "/waitlist").then().statusCode(400);
        fan.as().body(Map.of("quantity", 1, "section", "NOPE")).post("/api/events/" + eventId + "/waitlist").then()
                .statusCode(400);
        fan.as().body(Map.of("quantity", 0)).post("/api/events/" + eventId + "/waitlist").then().statusCode(400);
        given().body(Map.of("quantity", 1)).contentType("application/json").post("/api/events/" + eventId + "/waitlist")
                .then().statusCode(401);
        assertThat(entries(eventId)).isZero();

        String id = fan.as().body(Map.of("quantity", 2, "together", true)).post("/api/events/" + eventId + "/waitlist")
                .then().statusCode(201).body("status", equalTo("WAITING")).body("position", equalTo(1))
                .body("quantity", equalTo(2)).body("together", equalTo(true)).body("section", nullValue())
                .body("eventId", equalTo(eventId)).extract().path("id");
        fan.as().body(Map.of("quantity", 2)).post("/api/events/" + eventId + "/waitlist").then().statusCode(200)
                .body("id", equalTo(id));
        Fixtures.Account second = Fixtures.attendee();
        second.as().body(Map.of("quantity", 1)).post("/api/events/" + eventId + "/waitlist").then().statusCode(201)
                .body("position", equalTo(2));
        organizer.as().get("/api/events/" + eventId + "/stats").then().statusCode(200).body("waitingList", equalTo(2));

        // another user's entry is not found; the owner leaves, and the next one moves up
        second.as().delete("/api/waitlist/" + id).then().statusCode(404);
        fan.as().delete("/api/waitlist/" + id).then().statusCode(204);
        fan.as().get("/api/me/waitlist").then().statusCode(200).body("items[0].status", equalTo("LEFT"));
        second.as().get("/api/me/waitlist").then().body("items[0].position", equalTo(1));
        organizer.as().get("/api/events/" + eventId + "/stats").then().body("waitingList", equalTo(1));
    }

    @Test
    void aReleasedHoldIsOfferedAtOnceMailedAndOrderedLikeAnyHold() {
        String eventId = Fixtures.event(Fixtures.organizer()).rows(1).seatsPerRow(3).maxPerOrder(3).onSale();
        Fixtures.Account holder = Fixtures.attendee();
        String holdId = Fixtures.holdSeats(holder, eventId, "ORCH-A-1");
        Fixtures.buySeats(Fixtures.attendee(), eventId, "ORCH-A-2", "ORCH-A-3");
        Fixtures.Account fan = Fixtures.account("ATTENDEE", "Wanda Waiting");
        join(fan, eventId, Map.of("quantity", 1));

        holder.as().delete("/api/holds/" + holdId).then().statusCode(204);
        // offered in the same step as the release: never on sale in between
        assertThat(Fixtures.seatStatuses(eventId)).containsEntry("ORCH-A-1", "HELD");
        Fixtures.hold(Fixtures.attendee(), eventId, Map.of("seats", List.of("ORCH-A-1"))).then().statusCode(409);

        Map<String, Object> offer = awaitStatus(fan, eventId, "OFFERED");
        String offerHold = (String) offer.get("holdId");
        assertThat(offer.get("offerExpiresAt")).isNotNull();
        fan.as().get("/api/holds/" + offerHold).then().statusCode(200).body("seats", equalTo(List.of("ORCH-A-1")))
                .body("status", equalTo("HELD"));

        Fixtures.order(fan, offerHold).then().statusCode(201);
        awaitStatus(fan, eventId, "DONE");
        assertThat(Fixtures.seatStatuses(eventId)).containsEntry("ORCH-A-1", "SOLD");

        ReceivedMails.Mail mail = ReceivedMails.awaitMail(fan.email(), "Places for you: ");
        assertThat(mail.text()).startsWith("Hello Wanda Waiting,").contains("1 place", offerHold);
    }

    @Test
    void anExpiredHoldIsOfferedAndAnOfferNotTakenPassesToTheNextEntry() {
        String eventId = Fixtures.event(Fixtures.organizer()).rows(1).seatsPerRow(2).maxPerOrder(2).onSale();
        Fixtures.holdSeats(Fixtures.attendee(), eventId, "ORCH-A-1"); // left to expire
        Fixtures.buySeats(Fixtures.attendee(), eventId, "ORCH-A-2");
        Fixtures.Account first = Fixtures.attendee();
        Fixtures.Account next = Fixtures.attendee();
        join(first, eventId, Map.of("quantity", 1));
        join(next, eventId, Map.of("quantity", 1));

        awaitStatus(first, eventId, "OFFERED");
        assertThat(status(next, eventId)).isEqualTo("WAITING");
        List<String> seen = new ArrayList<>();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            seen.add(Fixtures.seatStatuses(eventId).get("ORCH-A-1"));
            assertThat(status(first, eventId)).isEqualTo("EXPIRED");
            assertThat(status(next, eventId)).isEqualTo("OFFERED");
        });
        // from one holder to the next, never on sale
        assertThat(seen).containsOnly("HELD");
        assertThat(Fixtures.seatStatuses(eventId)).containsEntry("ORCH-A-1", "HELD");
        // the user whose offer expired may join again, at the back
        join(first, eventId, Map.of("quantity", 1));
    }

    @Test
    void aRefundedOrderIsOfferedToAGroupAsAdjacentSeats() {
        String eventId = Fixtures.event(Fixtures.organizer()).rows(2).seatsPerRow(3).maxPerOrder(3).onSale();
        Fixtures.Account buyer = Fixtures.attendee();
        String orderA = order(buyer, eventId, "ORCH-A-1", "ORCH-A-2", "ORCH-A-3");
        Fixtures.buySeats(Fixtures.attendee(), eventId, "ORCH-B-1", "ORCH-B-2", "ORCH-B-3");
        Fixtures.Account group = Fixtures.attendee();
        join(group, eventId, Map.of("quantity", 3, "together", true));

        buyer.as().post("/api/orders/" + orderA + "/cancel").then().statusCode(200);
        Map<String, Object> offer = awaitStatus(group, eventId, "OFFERED");
        group.as().get("/api/holds/" + offer.get("holdId")).then().statusCode(200)
                .body("seats", equalTo(List.of("ORCH-A-1", "ORCH-A-2", "ORCH-A-3")));
    }

    /**
     * The fairness rule (docs/WAITING_LIST.md): a group of three that does not fit is passed over by singles twice
     * (max-passes = 2 here); from then on freed seats are kept for it until three are side by side, and the single
     * behind it waits.
     */
    @Test
    void aGroupIsNotStarvedByAStreamOfSingleSeats() {
        String eventId = Fixtures.event(Fixtures.organizer()).rows(1).seatsPerRow(8).maxPerOrder(3).onSale();
        Map<Integer, Fixtures.Account> buyers = new java.util.HashMap<>();
        Map<Integer, String> orders = new java.util.HashMap<>();
        for (int seat = 1; seat <= 8; seat++) {
            Fixtures.Account buyer = Fixtures.attendee();
            buyers.put(seat, buyer);
            orders.put(seat, order(buyer, eventId, "ORCH-A-" + seat));
        }
        Fixtures.Account group = Fixtures.attendee();
        Fixtures.Account single1 = Fixtures.attendee();
        Fixtures.Account single2 = Fixtures.attendee();
        Fixtures.Account single3 = Fixtures.attendee();
        join(group, eventId, Map.of("quantity", 3, "together", true));
        join(single1, eventId, Map.of("quantity", 1));
        join(single2, eventId, Map.of("quantity", 1));
        join(single3, eventId, Map.of("quantity", 1));

        refund(buyers, orders, 1);
        takeOffer(single1, eventId, "ORCH-A-1");
        refund(buyers, orders, 8);
        takeOffer(single2, eventId, "ORCH-A-8");
        // passed over twice: the group now blocks; are kept for it, not offered to the single behind it
        refund(buyers, orders, 4);
        refund(buyers, orders, 5);
        assertThat(Fixtures.seatStatuses(eventId)).containsEntry("ORCH-A-4", "HELD").containsEntry("ORCH-A-5", "HELD");
        Fixtures.hold(Fixtures.attendee(), eventId, Map.of("seats", List.of("ORCH-A-4"))).then().statusCode(409);
        assertThat(status(single3, eventId)).isEqualTo("WAITING");
        assertThat(status(group, eventId)).isEqualTo("WAITING");

        refund(buyers, orders, 6);
        assertThat(holdSeats(group, awaitStatus(group, eventId, "OFFERED")))
                .containsExactly("ORCH-A-4", "ORCH-A-5", "ORCH-A-6");
        assertThat(status(single3, eventId)).isEqualTo("WAITING");
    }

    @Test
    void aCancelledEventClosesItsWaitingListAndOffersNothing() {
        Fixtures.Account organizer = Fixtures.organizer();
        String eventId = Fixtures.event(organizer).rows(1).seatsPerRow(2).maxPerOrder(2).onSale();
        Fixtures.Account buyer = Fixtures.attendee();
        order(buyer, eventId, "ORCH-A-1", "ORCH-A-2");
        Fixtures.Account fan = Fixtures.attendee();
        join(fan, eventId, Map.of("quantity", 1));

        // the cancellation refunds the buyer: the seats come free, but a cancelled event offers nothing
        organizer.as().post("/api/events/" + eventId + "/cancel").then().statusCode(200);
        await().atMost(WAIT).untilAsserted(() -> assertThat(Fixtures.seatStatuses(eventId))
                .containsEntry("ORCH-A-1", "AVAILABLE").containsEntry("ORCH-A-2", "AVAILABLE")); // refunded, not offered
        Map<String, Object> closed = awaitStatus(fan, eventId, "EXPIRED");
        assertThat(Sql.number(dataSource, "SELECT count(*) FROM outbox_message WHERE topic = 'waitlist.offered' "
                + "AND payload::jsonb ->> 'eventId' = CAST(? AS text)", eventId)).isZero();
        assertThat(closed.get("holdId")).isNull();
        assertThat(closed.get("position")).isNull();
        assertThat(Sql.number(dataSource, "SELECT count(*) FROM waitlist_entry WHERE event_id = ?::uuid "
                + "AND status IN ('WAITING', 'OFFERED')", eventId)).isZero();
        fan.as().body(Map.of("quantity", 1)).post("/api/events/" + eventId + "/waitlist").then().statusCode(409)
                .body("type", equalTo("https://bookit.dev/problems/event-not-on-sale"));
    }

    /** The entry's offer holds exactly these seats, and the user buys them. */
    private static void takeOffer(Fixtures.Account account, String eventId, String... seats) {
        Map<String, Object> offer = awaitStatus(account, eventId, "OFFERED");
        assertThat(holdSeats(account, offer)).containsExactly(seats);
        Fixtures.order(account, (String) offer.get("holdId")).then().statusCode(201);
    }

    private long entries(String eventId) {
        return Sql.number(dataSource, "SELECT count(*) FROM waitlist_entry WHERE event_id = ?::uuid", eventId);
    }

    static String join(Fixtures.Account account, String eventId, Map<String, ?> body) {
        return account.as().body(body).post("/api/events/" + eventId + "/waitlist").then().statusCode(201)
                .extract().path("id");
    }

    static String order(Fixtures.Account buyer, String eventId, String... seats) {
        return Fixtures.order(buyer, Fixtures.holdSeats(buyer, eventId, seats)).then().statusCode(201).extract()
                .path("id");
    }

    private static void refund(Map<Integer, Fixtures.Account> buyers, Map<Integer, String> orders, int seat) {
        buyers.get(seat).as().post("/api/orders/" + orders.get(seat) + "/cancel").then().statusCode(200);
    }

    static List<String> holdSeats(Fixtures.Account account, Map<String, Object> entry) {
        return account.as().get("/api/holds/" + entry.get("holdId")).then().statusCode(200).extract().path("seats");
    }

    /** The caller's newest entry at the event. */
    static Map<String, Object> entry(Fixtures.Account account, String eventId) {
        List<Map<String, Object>> items = account.as().get("/api/me/waitlist").then().statusCode(200).extract()
                .path("items");
        return items.stream().filter(item -> eventId.equals(item.get("eventId"))).findFirst().orElseThrow();
    }

    static String status(Fixtures.Account account, String eventId) {
        return (String) entry(account, eventId).get("status");
    }

    static Map<String, Object> awaitStatus(Fixtures.Account account, String eventId, String status) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(status(account, eventId)).isEqualTo(status));
        return entry(account, eventId);
    }
}
