package io.bookit.payment;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.agroal.api.AgroalDataSource;
import io.bookit.support.Fixtures;
import io.bookit.support.Fixtures.Account;
import io.bookit.support.Sql;
import io.bookit.support.StripeMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Checkout while Stripe misbehaves: what the buyer is told, what happens to the order and to the hold. */
@QuarkusTest
@TestProfile(StripePaymentsTest.WithStripe.class)
class StripeCheckoutFailureTest {

    private static final String PROBLEMS = "https://bookit.dev/problems/";

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aPaymentProviderFailureAnswers502CancelsTheOrderAndHandsTheHoldBackToBeOrderedAgain() {
        Account buyer = Fixtures.attendee();
        String eventId = Fixtures.event(Fixtures.organizer()).rows(1).seatsPerRow(10).maxPerOrder(4).onSale();
        String holdId = Fixtures.holdSeats(buyer, eventId, "ORCH-A-1");

        // a 500 that Stripe says not to retry (Stripe-Should-Retry: false), so the failure is final at once
        Response refused = whileStripe(aResponse().withStatus(500).withHeader("Content-Type", "application/json")
                .withHeader("Stripe-Should-Retry", "false")
                .withBody("{\"error\": {\"type\": \"api_error\", \"message\": \"Something went wrong\"}}"),
                () -> order(buyer, holdId, "pay-1"));

        assertThat(refused.statusCode()).isEqualTo(502);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.jsonPath().getString("type")).isEqualTo(PROBLEMS + "payment-provider-error");
        assertThat(Sql.column(dataSource, "SELECT status FROM orders WHERE hold_id = ?", holdId))
                .containsExactly("CANCELLED");
        // the hold is the buyer's again, and a retry with the same key orders it once Stripe answers
        buyer.as().get("/api/holds/" + holdId).then().statusCode(200).body("status", equalTo("HELD"));
        assertThat(Fixtures.seatStatuses(eventId)).containsEntry("ORCH-A-1", "HELD");
        String placed = order(buyer, holdId, "pay-1").then().statusCode(201)
                .header("Idempotent-Replayed", "false").body("status", equalTo("PENDING_PAYMENT"))
                .extract().path("id");
        order(buyer, holdId, "pay-1").then().statusCode(201).header("Idempotent-Replayed", "true")
                .body("id", equalTo(placed));
        assertThat(Sql.column(dataSource, "SELECT status FROM orders WHERE hold_id = ? ORDER BY created_at", holdId))
                .containsExactly("CANCELLED", "PENDING_PAYMENT");
    }

    @Test
    void aHoldInCheckoutCanBeNeitherReleasedNorOrderedAgain() throws Exception {
        Account buyer = Fixtures.attendee();
        String eventId = Fixtures.event(Fixtures.organizer()).rows(1).seatsPerRow(10).maxPerOrder(4).onSale();
        String holdId = Fixtures.holdSeats(buyer, eventId, "ORCH-A-2");

        // Stripe takes 2 s to create the PaymentIntent: the order is claimed and stored, the call is in flight
        StubMapping slow = StripeMock.server.stubFor(post(urlEqualTo("/v1/payment_intents")).atPriority(1)
                .willReturn(StripeMock.intentCreated().withFixedDelay(2_000)));
        try {
            CompletableFuture<Response> order = CompletableFuture.supplyAsync(() -> Fixtures.order(buyer, holdId));
            await().atMost(Duration.ofSeconds(10)).until(() -> !Sql.column(dataSource,
                    "SELECT id FROM orders WHERE hold_id = ?", holdId).isEmpty());

            buyer.as().delete("/api/holds/" + holdId).then().statusCode(409)
                    .body("type", equalTo(PROBLEMS + "hold-in-checkout"));
            Fixtures.order(buyer, holdId).then().statusCode(409).body("type", equalTo(PROBLEMS + "hold-in-checkout"));
            order.get().then().statusCode(201).body("status", equalTo("PENDING_PAYMENT"));
        } finally {
            StripeMock.server.removeStub(slow);
        }
        assertThat(Sql.column(dataSource, "SELECT status FROM orders WHERE hold_id = ?", holdId))
                .containsExactly("PENDING_PAYMENT");
    }

    private static Response order(Account buyer, String holdId, String idempotencyKey) {
        return buyer.as().header("Idempotency-Key", idempotencyKey).body(java.util.Map.of("holdId", holdId))
                .post("/api/orders");
    }

    /** Runs the call while every PaymentIntent creation is answered as given, then lets Stripe answer normally. */
    private static Response whileStripe(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder answer,
            Supplier<Response> call) {
        StubMapping failing = StripeMock.server.stubFor(post(urlEqualTo("/v1/payment_intents")).atPriority(1)
                .willReturn(answer));
        try {
            return call.get();
        } finally {
            StripeMock.server.removeStub(failing);
        }
    }
}
