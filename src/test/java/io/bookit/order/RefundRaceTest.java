package io.bookit.order;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;

import io.agroal.api.AgroalDataSource;
import io.bookit.support.Fixtures;
import io.bookit.support.Parallel;
import io.bookit.support.Sql;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Exactly one caller moves a paid order out of CONFIRMED: parallel cancels, a cancel against the event's
 * cancellation, and a buyer's cancel after the door scanned a ticket.
 */
@QuarkusTest
class RefundRaceTest {

    static final String NOT_CANCELLABLE = "https://bookit.dev/problems/order-not-cancellable";

    @Inject
    AgroalDataSource dataSource;

    @Test
    void parallelCancelsOfASeatedOrderRefundItOnce() throws Exception {
        Fixtures.Account buyer = Fixtures.attendee();
        String eventId = Fixtures.event(Fixtures.organizer()).rows(1).seatsPerRow(10).maxPerOrder(4).onSale();
        String orderId = Fixtures.order(buyer, Fixtures.holdSeats(buyer, eventId, "ORCH-A-1", "ORCH-A-2"))
                .then().statusCode(201).extract().path("id");

        List<Response> answers = Parallel.run(4, i -> buyer.as().post("/api/orders/" + orderId + "/cancel"));

        assertThat(answers).extracting(Response::statusCode).containsExactlyInAnyOrder(200, 409, 409, 409);
        answers.stream().filter(answer -> answer.statusCode() == 409)
                .forEach(answer -> answer.then().body("type", equalTo(NOT_CANCELLABLE)));
        assertThat(refundedMessages(orderId)).isEqualTo(1);
        buyer.as().get("/api/orders/" + orderId).then().body("status", equalTo("REFUNDED"))
                .body("refundedAmount", equalTo("98.00")).body("tickets.status", everyItem(equalTo("VOID")));
        assertThat(Fixtures.seatStatuses(eventId)).containsEntry("ORCH-A-1", "AVAILABLE");
    }

    @Test
    void parallelCancelsOfAGeneralAdmissionOrderReturnItsPlacesOnce() throws Exception {
        Fixtures.Account buyer = Fixtures.attendee();
        Fixtures.Account other = Fixtures.attendee();
        String eventId = Fixtures.event(Fixtures.organizer()).standing(10).maxPerOrder(4).onSale();
        String orderId = Fixtures.order(buyer, gaHold(buyer, eventId, 2)).then().statusCode(201).extract().path("id");
        Fixtures.order(other, gaHold(other, eventId, 3)).then().statusCode(201);

        List<Response> answers = Parallel.run(4, i -> buyer.as().post("/api/orders/" + orderId + "/cancel"));

        assertThat(answers).extracting(Response::statusCode).containsExactlyInAnyOrder(200, 409, 409, 409);
        assertThat(Sql.number(dataSource, "SELECT sold FROM event_area WHERE event_id = ? AND section = 'PIT'",
                eventId)).as("the other buyer's 3 places stay sold").isEqualTo(3);
        given().get("/api/events/" + eventId + "/seats").then().body("areas[0].available", equalTo(7));
        assertThat(refundedMessages(orderId)).isEqualTo(1);
    }

    @Test
    void aBuyersCancelRacingTheEventsCancellationRefundsEachOrderOnce() throws Exception {
        Fixtures.Account organizer = Fixtures.organizer();
        Fixtures.Account buyer = Fixtures.attendee();
        String eventId = Fixtures.event(organizer).rows(1).seatsPerRow(10).standing(6).maxPerOrder(4).onSale();
        String seated = Fixtures.order(buyer, Fixtures.holdSeats(buyer, eventId, "ORCH-A-3")).then().statusCode(201)
                .extract().path("id");
        String standing = Fixtures.order(buyer, gaHold(buyer, eventId, 2)).then().statusCode(201).extract().path("id");

        List<Integer> answers = Parallel.run(3, i -> switch (i) {
            case 0 -> organizer.as().post("/api/events/" + eventId + "/cancel").statusCode();
            case 1 -> buyer.as().post("/api/orders/" + seated + "/cancel").statusCode();
            default -> buyer.as().post("/api/orders/" + standing + "/cancel").statusCode();
        });

        assertThat(answers.get(0)).isEqualTo(200);
        assertThat(answers.subList(1, 3)).allMatch(status -> status == 200 || status == 409);
        for (String orderId : List.of(seated, standing)) {
            buyer.as().get("/api/orders/" + orderId).then().body("status", equalTo("REFUNDED"));
            assertThat(refundedMessages(orderId)).as("order.refunded of " + orderId).isEqualTo(1);
        }
        assertThat(Sql.number(dataSource, "SELECT sold FROM event_area WHERE event_id = ?", eventId)).isZero();
    }

    @Test
    void aBuyerCannotCancelOnceATicketIsCheckedInButTheOrganizerStillRefundsAll() {
        Fixtures.Account organizer = Fixtures.organizer();
        Fixtures.Account buyer = Fixtures.attendee();
        String eventId = Fixtures.event(organizer).rows(1).seatsPerRow(10).maxPerOrder(4).onSale();
        String orderId = Fixtures.order(buyer, Fixtures.holdSeats(buyer, eventId, "ORCH-A-5", "ORCH-A-6"))
                .then().statusCode(201).extract().path("id");
        String ticketId = buyer.as().get("/api/orders/" + orderId).then().extract().path("tickets[0].id");
        String code = buyer.as().get("/api/tickets/" + ticketId).then().statusCode(200).extract().path("code");
        organizer.as().body(Map.of("code", code)).post("/api/events/" + eventId + "/checkins").then().statusCode(200);

        buyer.as().post("/api/orders/" + orderId + "/cancel").then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("https://bookit.dev/problems/tickets-checked-in"));
        buyer.as().get("/api/orders/" + orderId).then().body("status", equalTo("CONFIRMED"));
        assertThat(Fixtures.seatStatuses(eventId)).containsEntry("ORCH-A-5", "SOLD").containsEntry("ORCH-A-6", "SOLD");
        assertThat(refundedMessages(orderId)).isZero();

        organizer.as().post("/api/events/" + eventId + "/cancel").then().statusCode(200);
        buyer.as().get("/api/orders/" + orderId).then().body("status", equalTo("REFUNDED"))
                .body("refundedAmount", equalTo("98.00"));
    }

    @Test
    void aCheckInRacingTheBuyersCancelLeavesEitherAnEnteredTicketOrARefundNeverBoth() throws Exception {
        Fixtures.Account organizer = Fixtures.organizer();
        Fixtures.Account buyer = Fixtures.attendee();
        String eventId = Fixtures.event(organizer).rows(1).seatsPerRow(10).maxPerOrder(4).onSale();
        for (int round = 1; round <= 5; round++) {
            String orderId = Fixtures.order(buyer, Fixtures.holdSeats(buyer, eventId, "ORCH-A-" + round))
                    .then().statusCode(201).extract().path("id");
            String ticketId = buyer.as().get("/api/orders/" + orderId).then().extract().path("tickets[0].id");
            String code = buyer.as().get("/api/tickets/" + ticketId).then().extract().path("code");

            List<Integer> answers = Parallel.run(2, i -> i == 0
                    ? buyer.as().post("/api/orders/" + orderId + "/cancel").statusCode()
                    : organizer.as().body(Map.of("code", code)).post("/api/events/" + eventId + "/checkins").statusCode());

            boolean refunded = answers.get(0) == 200;
            boolean entered = answers.get(1) == 200;
            assertThat(refunded ^ entered).as("round %d: cancel %d, check-in %d", round, answers.get(0),
                    answers.get(1)).isTrue();
            assertThat(Sql.number(dataSource, "SELECT count(*) FROM ticket WHERE order_id = ? AND status = ?",
                    orderId, refunded ? "VOID" : "CHECKED_IN")).isEqualTo(1);
        }
    }

    private static String gaHold(Fixtures.Account buyer, String eventId, int quantity) {
        return Fixtures.hold(buyer, eventId, Map.of("section", "PIT", "quantity", quantity)).then().statusCode(201)
                .extract().path("id");
    }

    private long refundedMessages(String orderId) {
        return Sql.orderMessages(dataSource, orderId, "order.refunded");
    }
}
