package io.bookit.order;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import io.agroal.api.AgroalDataSource;
import io.bookit.support.Fixtures;
import io.bookit.support.Sql;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class OrderResourceTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void orderingALiveHoldConfirmsItIssuesTicketsAndSellsTheSeats() {
        Fixtures.Account buyer = Fixtures.attendee();
        String eventId = Fixtures.event(Fixtures.organizer()).rows(1).seatsPerRow(10).maxPerOrder(4).onSale();
        String holdId = Fixtures.holdSeats(buyer, eventId, "ORCH-A-1", "ORCH-A-2");

        String orderId = Fixtures.order(buyer, holdId).then().statusCode(201)
                .body("status", equalTo("CONFIRMED"))
                .body("total", equalTo("98.00"))
                .body("currency", equalTo("EUR"))
                .body("seats", equalTo(List.of("ORCH-A-1", "ORCH-A-2")))
                .body("payment.provider", equalTo("simulated"))
                .body("tickets", hasSize(2))
                .body("tickets.status", everyItem(equalTo("VALID")))
                .extract().path("id");

        assertThat(Fixtures.seatStatuses(eventId)).containsEntry("ORCH-A-1", "SOLD").containsEntry("ORCH-A-2", "SOLD");
        buyer.as().get("/api/orders/" + orderId).then().statusCode(200).body("tickets.seat", hasItem("ORCH-A-1"));
        buyer.as().get("/api/me/orders").then().statusCode(200).body("items.id", hasItem(orderId));
        buyer.as().get("/api/me/tickets").then().statusCode(200).body("total", equalTo(2));
        buyer.as().get("/api/holds/" + holdId).then().body("status", equalTo("SOLD"));
        Fixtures.order(buyer, holdId).then().statusCode(409)
                .body("type", equalTo("https://bookit.dev/problems/hold-already-ordered"));
    }

    @Test
    void generalAdmissionOrdersIssueOneTicketPerPlace() {
        Fixtures.Account buyer = Fixtures.attendee();
        String eventId = Fixtures.event(Fixtures.organizer()).standing(10).maxPerOrder(4).onSale();
        String holdId = Fixtures.hold(buyer, eventId, Map.of("section", "PIT", "quantity", 3))
                .then().statusCode(201).extract().path("id");
        Fixtures.order(buyer, holdId).then().statusCode(201)
                .body("section", equalTo("PIT")).body("quantity", equalTo(3)).body("total", equalTo("75.00"))
                .body("tickets", hasSize(3)).body("tickets.seat", everyItem(equalTo("PIT")));
        given().get("/api/events/" + eventId + "/seats").then().body("areas[0].available", equalTo(7));
    }

    @Test
    void onlyTheHolderCanOrderAHoldAndOnlyBuyerOrOwnerReadTheOrder() {
        Fixtures.Account organizer = Fixtures.organizer();
        Fixtures.Account buyer = Fixtures.attendee();
        Fixtures.Account thief = Fixtures.attendee();
        String eventId = Fixtures.event(organizer).rows(1).seatsPerRow(10).maxPerOrder(4).onSale();
        String holdId = Fixtures.holdSeats(buyer, eventId, "ORCH-A-1");

        Fixtures.order(thief, holdId).then().statusCode(404)
                .body("type", equalTo("https://bookit.dev/problems/hold-not-found"));
        Fixtures.order(buyer, "not-a-hold").then().statusCode(404);
        buyer.as().body(Map.of()).post("/api/orders").then().statusCode(400).body("errors.field", hasItem("holdId"));
        given().contentType("application/json").body(Map.of("holdId", holdId)).post("/api/orders").then().statusCode(401);

        String orderId = Fixtures.order(buyer, holdId).then().statusCode(201).extract().path("id");
        organizer.as().get("/api/orders/" + orderId).then().statusCode(200);
        thief.as().get("/api/orders/" + orderId).then().statusCode(404);
        Fixtures.organizer().as().get("/api/orders/" + orderId).then().statusCode(404);
    }

    @Test
    void anIdempotencyKeyReplaysTheFirstAnswerAndRejectsAnotherBody() {
        Fixtures.Account buyer = Fixtures.attendee();
        String eventId = Fixtures.event(Fixtures.organizer()).rows(1).seatsPerRow(10).maxPerOrder(4).onSale();
        String holdId = Fixtures.holdSeats(buyer, eventId, "ORCH-A-1");
        String otherHold = Fixtures.holdSeats(buyer, eventId, "ORCH-A-2");

        String first = buyer.as().header("Idempotency-Key", "key-1").body(Map.of("holdId", holdId)).post("/api/orders")
                .then().statusCode(201).header("Idempotent-Replayed", "false").extract().path("id");
        buyer.as().header("Idempotency-Key", "key-1").body(Map.of("holdId", holdId)).post("/api/orders")
                .then().statusCode(201).header("Idempotent-Replayed", "true").body("id", equalTo(first));
        buyer.as().header("Idempotency-Key", "key-1").body(Map.of("holdId", otherHold)).post("/api/orders")
                .then().statusCode(422).body("type", equalTo("https://bookit.dev/problems/idempotency-key-reused"));
        buyer.as().get("/api/me/orders").then().body("total", equalTo(1));
        assertThat(Fixtures.seatStatuses(eventId)).containsEntry("ORCH-A-2", "HELD");
    }

    @Test
    void parallelRetriesWithOneIdempotencyKeyPlaceOneOrder() throws Exception {
        Fixtures.Account buyer = Fixtures.attendee();
        String eventId = Fixtures.event(Fixtures.organizer()).rows(1).seatsPerRow(10).maxPerOrder(4).onSale();
        String holdId = Fixtures.holdSeats(buyer, eventId, "ORCH-A-1", "ORCH-A-2");

        List<io.restassured.response.Response> answers = io.bookit.support.Parallel.run(8,
                i -> buyer.as().header("Idempotency-Key", "retry").body(Map.of("holdId", holdId)).post("/api/orders"));

        List<String> ids = answers.stream().filter(a -> a.statusCode() == 201).map(a -> a.jsonPath().getString("id"))
                .distinct().toList();
        assertThat(ids).hasSize(1);
        assertThat(answers).allMatch(a -> a.statusCode() == 201 || a.statusCode() == 409);
        buyer.as().get("/api/me/orders").then().body("total", equalTo(1));
    }

    @Test
    void cancellingAPaidOrderRefundsItAndPutsTheSeatsBackOnSale() {
        Fixtures.Account organizer = Fixtures.organizer();
        Fixtures.Account buyer = Fixtures.attendee();
        String eventId = Fixtures.event(organizer).rows(1).seatsPerRow(10).standing(5).maxPerOrder(4).onSale();
        String seated = Fixtures.order(buyer, Fixtures.holdSeats(buyer, eventId, "ORCH-A-1")).then().statusCode(201)
                .extract().path("id");
        String gaHold = Fixtures.hold(buyer, eventId, Map.of("section", "PIT", "quantity", 2)).then().statusCode(201)
                .extract().path("id");
        String ga = Fixtures.order(buyer, gaHold).then().statusCode(201).extract().path("id");

        Fixtures.attendee().as().post("/api/orders/" + seated + "/cancel").then().statusCode(404);
        buyer.as().post("/api/orders/" + seated + "/cancel").then().statusCode(200)
                .body("status", equalTo("REFUNDED"))
                .body("tickets.status", everyItem(equalTo("VOID")));
        organizer.as().post("/api/orders/" + ga + "/cancel").then().statusCode(200).body("status", equalTo("REFUNDED"));
        buyer.as().post("/api/orders/" + seated + "/cancel").then().statusCode(409)
                .body("type", equalTo("https://bookit.dev/problems/order-not-cancellable"));

        assertThat(Fixtures.seatStatuses(eventId)).containsEntry("ORCH-A-1", "AVAILABLE");
        given().get("/api/events/" + eventId + "/seats").then().body("areas[0].available", equalTo(5));
        Fixtures.Account next = Fixtures.attendee();
        Fixtures.order(next, Fixtures.holdSeats(next, eventId, "ORCH-A-1")).then().statusCode(201);
    }

    @Test
    void onceTheEventHasStartedTheBuyerCannotCancelButTheOrganizerCan() {
        Fixtures.Account organizer = Fixtures.organizer();
        Fixtures.Account buyer = Fixtures.attendee();
        String eventId = Fixtures.event(organizer).rows(1).seatsPerRow(10).maxPerOrder(4).onSale();
        String orderId = Fixtures.order(buyer, Fixtures.holdSeats(buyer, eventId, "ORCH-A-1")).then().statusCode(201)
                .extract().path("id");
        // the doors opened a minute ago (time moved in the database: there is no endpoint to start an event early)
        Sql.update(dataSource, "UPDATE event SET starts_at = now() - interval '1 minute', "
                + "sales_start_at = least(sales_start_at, now() - interval '2 minutes'), "
                + "sales_end_at = now() - interval '1 minute' WHERE id = ?", eventId);

        buyer.as().post("/api/orders/" + orderId + "/cancel").then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("https://bookit.dev/problems/event-started"));
        buyer.as().get("/api/orders/" + orderId).then().body("status", equalTo("CONFIRMED"))
                .body("tickets.status", everyItem(equalTo("VALID")));
        organizer.as().post("/api/orders/" + orderId + "/cancel").then().statusCode(200)
                .body("status", equalTo("REFUNDED"));
    }
}
