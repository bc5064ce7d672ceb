package io.bookit.payment;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import com.stripe.Stripe;
import io.bookit.support.Fixtures;
import io.bookit.support.StripeMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

/** stripe-java against a local server speaking Stripe's API; webhooks signed exactly as Stripe signs them. */
@QuarkusTest
@TestProfile(StripePaymentsTest.WithStripe.class)
class StripePaymentsTest {

    public static class WithStripe implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(StripeMock.class));
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            // short enough to watch an order expire, long enough that a slow runner does not expire one first
            return Map.of("bookit.holds.ttl", "8s", "bookit.payments.pending-window", "8s",
                    "bookit.payments.expiry-interval", "1s", "bookit.refunds.retry-interval", "1s",
                    "bookit.refunds.attempt-timeout", "15s");
        }
    }

    @Test
    void aStripeOrderWaitsForItsPaymentAndTheWebhookConfirmsItOnce() {
        Fixtures.Account buyer = Fixtures.attendee();
        String eventId = Fixtures.event(Fixtures.organizer()).rows(1).seatsPerRow(10).maxPerOrder(4).onSale();
        String orderId = Fixtures.order(buyer, Fixtures.holdSeats(buyer, eventId, "ORCH-A-1")).then().statusCode(201)
                .body("status", Matchers.equalTo("PENDING_PAYMENT"))
                .body("payment.provider", Matchers.equalTo("stripe"))
                .body("payment.clientSecret", startsWith("pi_order-"))
                .body("tickets", hasSize(0))
                .extract().path("id");
        assertThat(Fixtures.seatStatuses(eventId)).containsEntry("ORCH-A-1", "HELD");
        StripeMock.server.verify(1, postRequestedFor(urlEqualTo("/v1/payment_intents"))
                .withHeader("Idempotency-Key", equalTo("order-" + orderId))
                .withRequestBody(Matchers_containing("metadata[orderId]=" + orderId))
                .withRequestBody(Matchers_containing("amount=4900")));

        String event = StripeMock.intentEvent("evt_" + UUID.randomUUID(), "payment_intent.succeeded",
                Stripe.API_VERSION, orderId, "succeeded");
        webhook(event).statusCode(200);
        webhook(event).statusCode(200); // a replay changes nothing

        buyer.as().get("/api/orders/" + orderId).then().statusCode(200)
                .body("status", Matchers.equalTo("CONFIRMED"))
                .body("tickets", hasSize(1));
        assertThat(Fixtures.seatStatuses(eventId)).containsEntry("ORCH-A-1", "SOLD");

        // a late failure report does not undo the payment
        webhook(StripeMock.intentEvent("evt_" + UUID.randomUUID(), "payment_intent.payment_failed", Stripe.API_VERSION,
                orderId, "requires_payment_method")).statusCode(200);
        buyer.as().get("/api/orders/" + orderId).then().body("status", Matchers.equalTo("CONFIRMED"));
    }

    @Test
    void badSignaturesAndStaleTimestampsAreRejectedAndChangeNothing() {
        Pending order = pending("ORCH-A-2");
        Fixtures.Account buyer = order.buyer();
        String eventId = order.eventId();
        String orderId = order.orderId();
        String event = StripeMock.intentEvent("evt_" + UUID.randomUUID(), "payment_intent.succeeded",
                Stripe.API_VERSION, orderId, "succeeded");

        given().header("Stripe-Signature", StripeMock.sign(event, Instant.now(), "whsec_wrong")).body(event)
                .post("/api/payments/stripe/webhook").then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", Matchers.equalTo("https://bookit.dev/problems/invalid-signature"));
        given().header("Stripe-Signature", StripeMock.sign(event, Instant.now().minusSeconds(600),
                StripeMock.WEBHOOK_SECRET)).body(event).post("/api/payments/stripe/webhook").then().statusCode(400);
        given().body(event).post("/api/payments/stripe/webhook").then().statusCode(400);
        given().header("Stripe-Signature", StripeMock.sign(event, Instant.now(), StripeMock.WEBHOOK_SECRET))
                .body(event.replace("4900", "1")).post("/api/payments/stripe/webhook").then().statusCode(400);

        buyer.as().get("/api/orders/" + orderId).then().body("status", Matchers.equalTo("PENDING_PAYMENT"));
    }

    @Test
    void aFailedPaymentLeavesTheOrderPayable() {
        Pending order = pending("ORCH-A-3");
        Fixtures.Account buyer = order.buyer();
        String eventId = order.eventId();
        String orderId = order.orderId();
        webhook(StripeMock.intentEvent("evt_" + UUID.randomUUID(), "payment_intent.payment_failed", Stripe.API_VERSION,
                orderId, "requires_payment_method")).statusCode(200);
        buyer.as().get("/api/orders/" + orderId).then().body("status", Matchers.equalTo("PENDING_PAYMENT"))
                .body("statusReason", Matchers.containsString("declined"));
        paid(orderId).statusCode(200);
        buyer.as().get("/api/orders/" + orderId).then().body("status", Matchers.equalTo("CONFIRMED"));
    }

    @Test
    void aPaymentThatSucceedsAfterTheSeatWasSoldToSomeoneElseIsRefunded() {
        Fixtures.Account late = Fixtures.attendee();
        Fixtures.Account quick = Fixtures.attendee();
        String eventId = Fixtures.event(Fixtures.organizer()).rows(1).seatsPerRow(10).maxPerOrder(4).onSale();
        String lateOrder = Fixtures.order(late, Fixtures.holdSeats(late, eventId, "ORCH-A-4")).then().statusCode(201)
                .extract().path("id");

        // the pending window (8 s) passes: the order expires, the seat comes back and another buyer pays for it
        await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> {
            late.as().get("/api/orders/" + lateOrder).then().body("status", Matchers.equalTo("EXPIRED"));
            assertThat(Fixtures.seatStatuses(eventId)).containsEntry("ORCH-A-4", "AVAILABLE");
        });
        StripeMock.server.verify(postRequestedFor(urlEqualTo("/v1/payment_intents/" + StripeMock.paymentIntentId(lateOrder)
                + "/cancel")));
        String quickOrder = Fixtures.order(quick, Fixtures.holdSeats(quick, eventId, "ORCH-A-4")).then().statusCode(201)
                .extract().path("id");
        webhook(StripeMock.intentEvent("evt_" + UUID.randomUUID(), "payment_intent.succeeded", Stripe.API_VERSION,
                quickOrder, "succeeded")).statusCode(200);

        webhook(StripeMock.intentEvent("evt_" + UUID.randomUUID(), "payment_intent.succeeded", Stripe.API_VERSION,
                lateOrder, "succeeded")).statusCode(200);

        late.as().get("/api/orders/" + lateOrder).then()
                .body("status", Matchers.equalTo("REFUNDED"))
                .body("statusReason", Matchers.containsString("sold to someone else"))
                .body("tickets", hasSize(0));
        StripeMock.server.verify(1, postRequestedFor(urlEqualTo("/v1/refunds"))
                .withHeader("Idempotency-Key", equalTo("refund-" + lateOrder))
                .withRequestBody(Matchers_containing("payment_intent=" + StripeMock.paymentIntentId(lateOrder))));
        quick.as().get("/api/orders/" + quickOrder).then().body("status", Matchers.equalTo("CONFIRMED"));
        assertThat(Fixtures.seatStatuses(eventId)).containsEntry("ORCH-A-4", "SOLD");
    }

    @Test
    void cancellingAPaidStripeOrderRefundsItThroughStripe() {
        Pending order = pending("ORCH-A-5");
        Fixtures.Account buyer = order.buyer();
        String eventId = order.eventId();
        String orderId = order.orderId();
        paid(orderId).statusCode(200);

        buyer.as().post("/api/orders/" + orderId + "/cancel").then().statusCode(200)
                .body("status", Matchers.equalTo("REFUNDED"))
                .body("tickets.status", everyItem(Matchers.equalTo("VOID")));
        StripeMock.server.verify(1, postRequestedFor(urlEqualTo("/v1/refunds"))
                .withHeader("Idempotency-Key", equalTo("refund-" + orderId)));
        assertThat(Fixtures.seatStatuses(eventId)).containsEntry("ORCH-A-5", "AVAILABLE");

        // Stripe then reports the refund: nothing more happens
        webhook(StripeMock.chargeRefundedEvent("evt_" + UUID.randomUUID(), Stripe.API_VERSION, orderId)).statusCode(200);
        buyer.as().get("/api/orders/" + orderId).then().body("status", Matchers.equalTo("REFUNDED"));
    }

    @Test
    void onlyTheBuyerSeesThePaymentsClientSecret() {
        Fixtures.Account organizer = Fixtures.organizer();
        Fixtures.Account buyer = Fixtures.attendee();
        String eventId = Fixtures.event(organizer).rows(1).seatsPerRow(10).maxPerOrder(4).onSale();
        String orderId = Fixtures.order(buyer, Fixtures.holdSeats(buyer, eventId, "ORCH-A-9")).then().statusCode(201)
                .body("payment.clientSecret", notNullValue()).extract().path("id");
        buyer.as().get("/api/orders/" + orderId).then().statusCode(200)
                .body("payment.clientSecret", notNullValue());
        buyer.as().get("/api/me/orders").then().statusCode(200)
                .body("items.find { it.id == '" + orderId + "' }.payment.clientSecret", notNullValue());
        organizer.as().get("/api/orders/" + orderId).then().statusCode(200)
                .body("payment.provider", Matchers.equalTo("stripe"))
                .body("payment.clientSecret", Matchers.nullValue());
    }

    @Test
    void twoIdenticalOrderCallsCreateOnePaymentIntent() {
        Fixtures.Account buyer = Fixtures.attendee();
        String eventId = Fixtures.event(Fixtures.organizer()).rows(1).seatsPerRow(10).maxPerOrder(4).onSale();
        String holdId = Fixtures.holdSeats(buyer, eventId, "ORCH-A-6");
        String first = buyer.as().header("Idempotency-Key", "pay-once").body(Map.of("holdId", holdId))
                .post("/api/orders").then().statusCode(201).extract().path("id");
        String secret = buyer.as().header("Idempotency-Key", "pay-once").body(Map.of("holdId", holdId))
                .post("/api/orders").then().statusCode(201).body("id", Matchers.equalTo(first))
                .body("payment.clientSecret", notNullValue()).extract().path("payment.clientSecret");
        assertThat(secret).isEqualTo(StripeMock.paymentIntentId(first) + "_secret_test");
        StripeMock.server.verify(1, postRequestedFor(urlEqualTo("/v1/payment_intents"))
                .withHeader("Idempotency-Key", equalTo("order-" + first)));
    }

    @Test
    void anEventOfAnotherApiVersionIsConfirmedFromTheFetchedPaymentIntent() {
        Pending order = pending("ORCH-A-7");
        Fixtures.Account buyer = order.buyer();
        String eventId = order.eventId();
        String orderId = order.orderId();
        String intent = StripeMock.paymentIntentId(orderId);
        StripeMock.server.stubFor(get(urlEqualTo("/v1/payment_intents/" + intent)).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody("""
                        {"id": "%s", "object": "payment_intent", "amount": 4900, "currency": "eur",
                         "status": "succeeded", "metadata": {"orderId": "%s"}}""".formatted(intent, orderId))));

        webhook(StripeMock.intentEvent("evt_" + UUID.randomUUID(), "payment_intent.succeeded", "2019-02-19", orderId,
                "succeeded").replace("\"amount\": 4900", "\"amount\": {\"value\": 4900}")).statusCode(200);

        buyer.as().get("/api/orders/" + orderId).then().body("status", Matchers.equalTo("CONFIRMED"));
        StripeMock.server.verify(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
                urlEqualTo("/v1/payment_intents/" + intent)));
    }

    @Test
    void afterTheSalesEndNoPaymentStartsButOneStartedBeforeItStillConfirms() {
        Fixtures.Account organizer = Fixtures.organizer();
        Fixtures.Account early = Fixtures.attendee();
        Fixtures.Account late = Fixtures.attendee();
        String eventId = Fixtures.event(organizer).rows(1).seatsPerRow(10).maxPerOrder(4).onSale();
        String orderId = Fixtures.order(early, Fixtures.holdSeats(early, eventId, "ORCH-A-5")).then().statusCode(201)
                .body("payment.provider", Matchers.equalTo("stripe")).extract().path("id");
        String lateHold = Fixtures.holdSeats(late, eventId, "ORCH-A-6");

        Fixtures.endSalesAt(organizer, eventId, Instant.now());
        int intents = StripeMock.server.findAll(postRequestedFor(urlEqualTo("/v1/payment_intents"))).size();
        Fixtures.order(late, lateHold).then().statusCode(409)
                .body("type", Matchers.equalTo("https://bookit.dev/problems/event-not-on-sale"));
        assertThat(StripeMock.server.findAll(postRequestedFor(urlEqualTo("/v1/payment_intents")))).hasSize(intents);
        assertThat(Fixtures.seatStatuses(eventId)).containsEntry("ORCH-A-6", "AVAILABLE");

        // the early buyer started paying inside the window: the payment settling now still buys the seat
        paid(orderId).statusCode(200);
        early.as().get("/api/orders/" + orderId).then().body("status", Matchers.equalTo("CONFIRMED"))
                .body("tickets", hasSize(1));
        assertThat(Fixtures.seatStatuses(eventId)).containsEntry("ORCH-A-5", "SOLD");
    }

    @Test
    void otherEventTypesAreAcknowledged() {
        webhook("""
                {"id": "evt_other", "object": "event", "api_version": "%s", "created": 1, "type": "customer.created",
                 "data": {"object": {"id": "cus_1", "object": "customer"}}}""".formatted(Stripe.API_VERSION))
                .statusCode(200);
    }

    /** A buyer's PENDING_PAYMENT order for one seat of a fresh event. */
    record Pending(Fixtures.Account buyer, String eventId, String orderId) {
    }

    static Pending pending(String seat) {
        Fixtures.Account buyer = Fixtures.attendee();
        String eventId = Fixtures.event(Fixtures.organizer()).rows(1).seatsPerRow(10).maxPerOrder(4).onSale();
        String orderId = Fixtures.order(buyer, Fixtures.holdSeats(buyer, eventId, seat)).then().statusCode(201)
                .extract().path("id");
        return new Pending(buyer, eventId, orderId);
    }

    static ValidatableResponse paid(String orderId) {
        return webhook(StripeMock.intentEvent("evt_" + UUID.randomUUID(), "payment_intent.succeeded",
                Stripe.API_VERSION, orderId, "succeeded"));
    }

    static ValidatableResponse webhook(String payload) {
        return given().header("Stripe-Signature", StripeMock.sign(payload, Instant.now(), StripeMock.WEBHOOK_SECRET))
                .contentType("application/json; charset=utf-8").body(payload)
                .post("/api/payments/stripe/webhook").then();
    }

    private static com.github.tomakehurst.wiremock.matching.StringValuePattern Matchers_containing(String text) {
        return com.github.tomakehurst.wiremock.client.WireMock.containing(text);
    }
}
