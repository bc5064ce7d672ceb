package io.bookit.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A local server that speaks the part of Stripe's HTTP API Bookit uses (WireMock), and signs webhook payloads the
 * way Stripe does. PaymentIntent ids are derived from the idempotency key: {@code pi_order-<orderId>}.
 */
public class StripeMock implements QuarkusTestResourceLifecycleManager {

    public static final String WEBHOOK_SECRET = "whsec_test_bookit";
    public static WireMockServer server;
    private int port;

    /** {@code port}: where WireMock listens (0, the default, is any free port). */
    @Override
    public void init(Map<String, String> initArgs) {
        port = Integer.parseInt(initArgs.getOrDefault("port", "0"));
    }

    @Override
    public Map<String, String> start() {
        server = new WireMockServer((port == 0 ? options().dynamicPort() : options().port(port)).globalTemplating(true));
        server.start();
        server.stubFor(post(urlEqualTo("/v1/payment_intents")).willReturn(intentCreated()));
        server.stubFor(post(urlPathMatching("/v1/payment_intents/[^/]+/cancel")).willReturn(json("""
                {"id": "{{request.pathSegments.[2]}}", "object": "payment_intent", "status": "canceled"}""")));
        server.stubFor(post(urlEqualTo("/v1/refunds")).willReturn(json("""
                {"id": "re_{{request.headers.Idempotency-Key}}", "object": "refund", "status": "succeeded"}""")));
        return Map.of("bookit.payments.provider", "stripe",
                "bookit.stripe.api-key", "sk_test_bookit",
                "bookit.stripe.webhook-secret", WEBHOOK_SECRET,
                "bookit.stripe.api-base", server.baseUrl());
    }

    /** Stripe's answer to a PaymentIntent creation (a test may add a delay to it). */
    public static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder intentCreated() {
        return json("""
                {"id": "pi_{{request.headers.Idempotency-Key}}", "object": "payment_intent", "amount": 1000,
                 "currency": "eur", "status": "requires_payment_method",
                 "client_secret": "pi_{{request.headers.Idempotency-Key}}_secret_test", "metadata": {}}""");
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }

    /** The Stripe-Signature header for a payload, as Stripe computes it. */
    public static String sign(String payload, Instant at, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            long timestamp = at.getEpochSecond();
            byte[] digest = mac.doFinal((timestamp + "." + payload).getBytes(StandardCharsets.UTF_8));
            return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(digest);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String paymentIntentId(String orderId) {
        return "pi_order-" + orderId;
    }

    /** A webhook event about the order's PaymentIntent (49.00 EUR, as the fixtures' one-seat orders cost). */
    public static String intentEvent(String eventId, String type, String apiVersion, String orderId, String status) {
        return intentEvent(eventId, type, apiVersion, orderId, paymentIntentId(orderId), status, 4900, "eur");
    }

    /** The same with the PaymentIntent's id, amount (minor units) and currency given. */
    public static String intentEvent(String eventId, String type, String apiVersion, String orderId, String intentId,
            String status, long amount, String currency) {
        return """
                {"id": "%s", "object": "event", "api_version": "%s", "created": %d, "livemode": false,
                 "pending_webhooks": 1, "type": "%s",
                 "data": {"object": {"id": "%s", "object": "payment_intent", "amount": %d, "currency": "%s",
                          "status": "%s", "metadata": {"orderId": "%s"},
                          "last_payment_error": %s}}}""".formatted(eventId, apiVersion, Instant.now().getEpochSecond(),
                type, intentId, amount, currency, status, orderId,
                status.equals("requires_payment_method") ? "{\"message\": \"Your card was declined.\"}" : "null");
    }

    /** Stripe's report that the whole 49.00 EUR of the order's charge went back. */
    public static String chargeRefundedEvent(String eventId, String apiVersion, String orderId) {
        return chargeRefundedEvent(eventId, apiVersion, orderId, 4900);
    }

    /** Stripe's report that {@code amountRefunded} (minor units, in all so far) of the 49.00 EUR charge went back. */
    public static String chargeRefundedEvent(String eventId, String apiVersion, String orderId, long amountRefunded) {
        return """
                {"id": "%s", "object": "event", "api_version": "%s", "created": %d, "livemode": false,
                 "pending_webhooks": 1, "type": "charge.refunded",
                 "data": {"object": {"id": "ch_%s", "object": "charge", "amount": 4900, "currency": "eur",
                          "amount_refunded": %d, "refunded": %s, "payment_intent": "%s"}}}""".formatted(eventId,
                apiVersion, Instant.now().getEpochSecond(), orderId, amountRefunded, amountRefunded >= 4900,
                paymentIntentId(orderId));
    }
}
