package io.bookit.payment;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.bookit.payment.StripePaymentsTest.paid;
import static io.bookit.payment.StripePaymentsTest.pending;
import static io.bookit.payment.StripePaymentsTest.webhook;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;

import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.stripe.Stripe;
import io.agroal.api.AgroalDataSource;
import io.bookit.support.Fixtures;
import io.bookit.support.Metrics;
import io.bookit.support.Parallel;
import io.bookit.support.Sql;
import io.bookit.support.StripeMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

/**
 * Stripe's reports in any order, twice, at once, or not matching their order: the effect on money and seats is the
 * one the reports describe, once.
 */
@QuarkusTest
@TestProfile(StripePaymentsTest.WithStripe.class)
class StripeWebhookOrderingTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void cancellingAnEventRefundsItsPaidStripeOrdersThroughStripe() {
        Fixtures.Account organizer = Fixtures.organizer();
        Fixtures.Account buyer = Fixtures.attendee();
        String eventId = Fixtures.event(organizer).rows(1).seatsPerRow(10).maxPerOrder(4).onSale();
        String orderId = Fixtures.order(buyer, Fixtures.holdSeats(buyer, eventId,
                "ORCH-A-1")).then().statusCode(201).extract().path("id");
        paid(orderId).statusCode(200);
        buyer.as().get("/api/orders/" + orderId).then().body("status", Matchers.equalTo("CONFIRMED"));

        organizer.as().post("/api/events/" + eventId + "/cancel").then().statusCode(200);

        buyer.as().get("/api/orders/" + orderId).then().body("status", Matchers.equalTo("REFUNDED"))
                .body("tickets.status", everyItem(Matchers.equalTo("VOID")));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(StripeMock.server.findAll(postRequestedFor(urlEqualTo("/v1/refunds"))
                    .withHeader("Idempotency-Key", equalTo("refund-" + orderId)))).isNotEmpty();
            buyer.as().get("/api/orders/" + orderId).then().body("refundedAmount", Matchers.equalTo("49.00"));
        });
    }

    @Test
    void aPaymentThatSettlesAfterItsEventWasCancelledIsGivenBackAndIssuesNoTickets() {
        Fixtures.Account organizer = Fixtures.organizer();
        Fixtures.Account buyer = Fixtures.attendee();
        String eventId = Fixtures.event(organizer).rows(1).seatsPerRow(10).maxPerOrder(4).onSale();
        String orderId = Fixtures.order(buyer, Fixtures.holdSeats(buyer, eventId,
                "ORCH-A-2")).then().statusCode(201).extract().path("id");
        organizer.as().post("/api/events/" + eventId + "/cancel").then().statusCode(200);

        paid(orderId).statusCode(200); // the buyer's bank took its time

        buyer.as().get("/api/orders/" + orderId).then().body("status", Matchers.not(Matchers.equalTo("CONFIRMED")))
                .body("tickets", hasSize(0));
        assertThat(messages(orderId, "order.confirmed")).isZero();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(StripeMock.server.findAll(
                postRequestedFor(urlEqualTo("/v1/refunds")).withHeader("Idempotency-Key",
                        equalTo("refund-" + orderId)))).as("the money goes back").isNotEmpty());
    }

    @Test
    void aRefundReportedBeforeTheSuccessKeepsTheOrderFromIssuingTickets() {
        StripePaymentsTest.Pending order = pending("ORCH-A-1");
        webhook(StripeMock.chargeRefundedEvent(evt(), Stripe.API_VERSION, order.orderId())).statusCode(200);
        order.buyer().as().get("/api/orders/" + order.orderId()).then()
                .body("refundedAmount", Matchers.equalTo("49.00"));

        paid(order.orderId()).statusCode(200);

        order.buyer().as().get("/api/orders/" + order.orderId()).then()
                .body("status", Matchers.equalTo("REFUNDED"))
                .body("statusReason", Matchers.containsString("refunded before"))
                .body("tickets", hasSize(0));
        assertThat(messages(order.orderId(), "order.confirmed")).isZero();
        assertThat(StripeMock.server.findAll(postRequestedFor(urlEqualTo("/v1/refunds"))
                .withHeader("Idempotency-Key", equalTo("refund-" + order.orderId())))).as("nothing owed").isEmpty();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                Fixtures.seatStatuses(order.eventId())).containsEntry("ORCH-A-1", "AVAILABLE"));
    }

    @Test
    void aPartialRefundIsRecordedAndVoidsNothingUntilTheWholeAmountIsBack() {
        StripePaymentsTest.Pending order = pending("ORCH-A-2");
        paid(order.orderId()).statusCode(200);

        webhook(StripeMock.chargeRefundedEvent(evt(), Stripe.API_VERSION, order.orderId(), 1000)).statusCode(200);
        order.buyer().as().get("/api/orders/" + order.orderId()).then()
                .body("status", Matchers.equalTo("CONFIRMED"))
                .body("refundedAmount", Matchers.equalTo("10.00"))
                .body("tickets.status", everyItem(Matchers.equalTo("VALID")));
        assertThat(Fixtures.seatStatuses(order.eventId())).containsEntry("ORCH-A-2", "SOLD");

        webhook(StripeMock.chargeRefundedEvent(evt(), Stripe.API_VERSION, order.orderId(), 4900)).statusCode(200);
        order.buyer().as().get("/api/orders/" + order.orderId()).then()
                .body("status", Matchers.equalTo("REFUNDED"))
                .body("refundedAmount", Matchers.equalTo("49.00"))
                .body("tickets.status", everyItem(Matchers.equalTo("VOID")));
        assertThat(Fixtures.seatStatuses(order.eventId())).containsEntry("ORCH-A-2", "AVAILABLE");
        assertThat(StripeMock.server.findAll(postRequestedFor(urlEqualTo("/v1/refunds"))
                .withHeader("Idempotency-Key", equalTo("refund-" + order.orderId())))).as("Stripe refunded it").isEmpty();
    }

    @Test
    void reportsThatDoNotMatchTheirOrderAreNotAppliedAndAreCounted() {
        StripePaymentsTest.Pending order = pending("ORCH-A-3");
        String intent = StripeMock.paymentIntentId(order.orderId());
        double before = Metrics.sum("bookit_payment_mismatches_total");

        for (String event : List.of(
                StripeMock.intentEvent(evt(), "payment_intent.succeeded", Stripe.API_VERSION, order.orderId(), intent,
                        "succeeded", 100, "eur"),
                StripeMock.intentEvent(evt(), "payment_intent.succeeded", Stripe.API_VERSION, order.orderId(), intent,
                        "succeeded", 4900, "usd"),
                StripeMock.intentEvent(evt(), "payment_intent.succeeded", Stripe.API_VERSION, order.orderId(),
                        "pi_someone_elses", "succeeded", 4900, "eur"))) {
            webhook(event).statusCode(200);
        }

        order.buyer().as().get("/api/orders/" + order.orderId()).then()
                .body("status", Matchers.not(Matchers.equalTo("CONFIRMED"))).body("tickets", hasSize(0));
        assertThat(Metrics.sum("bookit_payment_mismatches_total") - before).isEqualTo(3.0);
        paid(order.orderId()).statusCode(200);
        order.buyer().as().get("/api/orders/" + order.orderId()).then().body("status", Matchers.equalTo("CONFIRMED"));
    }

    @Test
    void parallelDeliveriesAndACancelRefundTheOrderOnce() throws Exception {
        StripePaymentsTest.Pending order = pending("ORCH-A-4");
        paid(order.orderId()).statusCode(200);
        String report = StripeMock.chargeRefundedEvent(evt(), Stripe.API_VERSION, order.orderId());
        String another = StripeMock.chargeRefundedEvent(evt(), Stripe.API_VERSION, order.orderId());

        List<Integer> answers = Parallel.run(6, i -> switch (i) {
            case 0, 1, 2 -> webhook(report).extract().statusCode();
            case 3, 4 -> webhook(another).extract().statusCode();
            default -> order.buyer().as().post("/api/orders/" + order.orderId() + "/cancel").statusCode();
        });

        assertThat(answers).allMatch(status -> status == 200 || status == 409);
        assertThat(messages(order.orderId(), "order.refunded")).isEqualTo(1);
        order.buyer().as().get("/api/orders/" + order.orderId()).then().body("status", Matchers.equalTo("REFUNDED"))
                .body("refundedAmount", Matchers.equalTo("49.00"));
        // a duplicate that was told to come back later finds the event handled
        webhook(report).statusCode(200);
        assertThat(messages(order.orderId(), "order.refunded")).isEqualTo(1);
    }

    @Test
    void aRefundStripeFailsIsOwedAndTheRefundJobRetriesIt() {
        StripePaymentsTest.Pending order = pending("ORCH-A-5");
        paid(order.orderId()).statusCode(200);
        StubMapping outage = StripeMock.server.stubFor(post(urlEqualTo("/v1/refunds"))
                .withRequestBody(containing("payment_intent=" + StripeMock.paymentIntentId(order.orderId())))
                .atPriority(1).willReturn(aResponse().withStatus(500).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\": {\"type\": \"api_error\", \"message\": \"down\"}}")));
        try {
            order.buyer().as().post("/api/orders/" + order.orderId() + "/cancel").then().statusCode(200)
                    .body("status", Matchers.equalTo("REFUNDED"))
                    .body("refundedAmount", Matchers.equalTo("0.00"))
                    .body("tickets.status", everyItem(Matchers.equalTo("VOID")));
        } finally {
            StripeMock.server.removeStub(outage);
        }

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> order.buyer().as()
                .get("/api/orders/" + order.orderId()).then().body("refundedAmount", Matchers.equalTo("49.00")));
        assertThat(messages(order.orderId(), "order.refunded")).isEqualTo(1);
    }

    private long messages(String orderId, String topic) {
        return Sql.orderMessages(dataSource, orderId, topic);
    }

    private static String evt() {
        return "evt_" + UUID.randomUUID();
    }
}
