package io.bookit.webhook;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.bookit.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Deliveries from the outbox to a real local HTTP receiver (WireMock): signed, retried with backoff after 500s and
 * timeouts, only to the event's own organizer, redelivered on request, signed with both secrets during a rotation,
 * and kept while a receiver is down. The test profile retries fast (initial delay 200 ms, timeout 1 s).
 */
@QuarkusTest
class WebhookDeliveryTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static WebhookReceiver receiver;

    @Inject
    DeliveryService deliveryService;

    @BeforeAll
    static void startReceiver() {
        receiver = WebhookReceiver.start();
    }

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    @Test
    void anOrganizerGetsSignedEventsOfTheirOwnEventsOnly() {
        Fixtures.Account organizer = Fixtures.organizer();
        Fixtures.Account other = Fixtures.organizer();
        String path = "/own-" + organizer.id();
        String otherPath = "/other-" + other.id();
        Webhooks.Endpoint endpoint = Webhooks.subscribe(organizer, receiver.accept(path), "event.published", "order.confirmed");
        Webhooks.subscribe(other, receiver.accept(otherPath), WebhookEventType.wireNames().toArray(String[]::new));

        String eventId = Fixtures.event(organizer).rows(1).seatsPerRow(4).maxPerOrder(4).onSale();
        Fixtures.buySeats(Fixtures.attendee(), eventId, "ORCH-A-1");

        await().atMost(WAIT).until(() -> Webhooks.deliveries(organizer, endpoint.id()).stream()
                .filter(d -> "SUCCEEDED".equals(d.get("status"))).count() == 2);
        for (LoggedRequest request : receiver.received(path)) {
            assertThat(request.getHeader("Content-Type")).startsWith("application/json");
            assertThat(WebhookReceiver.verifies(request.getHeader("Bookit-Signature"), request.getBodyAsString(),
                    endpoint.secret())).isTrue();
            assertThat(WebhookReceiver.verifies(request.getHeader("Bookit-Signature"), request.getBodyAsString() + " ",
                    endpoint.secret())).isFalse();
        }
        List<JsonObject> bodies = distinct(receiver.bodies(path)); // at least once: a slow answer may be sent again
        assertThat(bodies).extracting(body -> body.getString("type"))
                .containsExactlyInAnyOrder("event.published", "order.confirmed");
        assertThat(bodies).allSatisfy(body -> {
            assertThat(body.getJsonObject("data").getString("eventId")).isEqualTo(eventId);
            assertThat(body.getString("id")).isNotBlank();
            assertThat(Instant.parse(body.getString("createdAt"))).isBefore(Instant.now());
            assertThat(body.getJsonObject("data").containsKey("holdId")).isFalse();
        });
        // receivers order by createdAt: the event was published before it sold
        assertThat(bodies.stream().sorted(Comparator.comparing(body -> Instant.parse(body.getString("createdAt"))))
                .map(body -> body.getString("type"))).containsExactly("event.published", "order.confirmed");
        assertThat(Webhooks.deliveries(organizer, endpoint.id())).hasSize(2).allSatisfy(delivery -> {
            assertThat(delivery).containsEntry("status", "SUCCEEDED")
                    .containsEntry("lastResponseCode", 200).containsEntry("lastResponseBody", "ok");
            assertThat(delivery.get("lastDurationMs")).isNotNull();
        });
        // the other organizer, subscribed to everything, got nothing of this event
        assertThat(receiver.bodies(otherPath))
                .noneMatch(body -> eventId.equals(body.getJsonObject("data").getString("eventId")));
    }

    @Test
    void everyLifecycleEventArrivesWithItsData() {
        Fixtures.Account organizer = Fixtures.organizer();
        String path = "/lifecycle-" + organizer.id();
        Webhooks.subscribe(organizer, receiver.accept(path), "order.confirmed", "order.refunded", "ticket.checked_in",
                "event.sold_out", "event.cancelled");
        String eventId = Fixtures.event(organizer).rows(1).seatsPerRow(2).maxPerOrder(2).onSale();
        Fixtures.Account buyer = Fixtures.attendee();
        String ticketId = Fixtures.buySeats(buyer, eventId, "ORCH-A-1").get(0);
        String refunded = Fixtures.order(buyer, Fixtures.holdSeats(buyer, eventId, "ORCH-A-2")).then().statusCode(201)
                .extract().path("id");
        await().atMost(WAIT).until(() -> types(path).contains("event.sold_out"));

        String code = buyer.as().get("/api/tickets/" + ticketId).then().statusCode(200).extract().path("code");
        organizer.as().body(Map.of("code", code)).post("/api/events/" + eventId + "/checkins").then().statusCode(200);
        buyer.as().post("/api/orders/" + refunded + "/cancel").then().statusCode(200);
        organizer.as().post("/api/events/" + eventId + "/cancel").then().statusCode(200);

        await().atMost(WAIT).until(() -> types(path).containsAll(List.of("ticket.checked_in", "order.refunded",
                "event.cancelled")));
        assertThat(types(path)).doesNotContain("event.published")
                .filteredOn("order.confirmed"::equals).hasSize(2);
        assertThat(types(path)).filteredOn("event.sold_out"::equals).hasSize(1);
        Map<String, JsonObject> data = new java.util.HashMap<>();
        distinct(receiver.bodies(path)).forEach(body -> data.put(body.getString("type"), body.getJsonObject("data")));
        assertThat(data.get("ticket.checked_in").getString("ticketId")).isEqualTo(ticketId);
        assertThat(data.get("ticket.checked_in").getString("seat")).isEqualTo("ORCH-A-1");
        assertThat(distinct(receiver.bodies(path))).filteredOn(body -> body.getString("type").equals("order.refunded"))
                .extracting(body -> body.getJsonObject("data").getString("orderId")).contains(refunded);
        assertThat(data.get("event.sold_out").getInteger("capacity")).isEqualTo(2);
        assertThat(data.get("event.cancelled").getString("eventId")).isEqualTo(eventId);
    }

    @Test
    void a500IsRetriedWithGrowingWaitsUntilItSucceeds() {
        Fixtures.Account organizer = Fixtures.organizer();
        String path = "/flaky-" + organizer.id();
        String scenario = "flaky-" + organizer.id();
        receiver.server.stubFor(post(urlEqualTo(path)).inScenario(scenario).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500).withBody("x".repeat(5000))).willSetStateTo("second"));
        receiver.server.stubFor(post(urlEqualTo(path)).inScenario(scenario).whenScenarioStateIs("second")
                .willReturn(aResponse().withStatus(503)).willSetStateTo("third"));
        receiver.server.stubFor(post(urlEqualTo(path)).inScenario(scenario).whenScenarioStateIs("third")
                .willReturn(aResponse().withStatus(500)).willSetStateTo("fine"));
        receiver.server.stubFor(post(urlEqualTo(path)).inScenario(scenario).whenScenarioStateIs("fine")
                .willReturn(aResponse().withStatus(204)));
        Webhooks.Endpoint endpoint = Webhooks.subscribe(organizer, receiver.url(path), "event.published");
        Fixtures.event(organizer).rows(1).seatsPerRow(2).maxPerOrder(2).onSale();

        await().atMost(WAIT).until(() -> Webhooks.deliveries(organizer, endpoint.id()).stream()
                .anyMatch(d -> "PENDING".equals(d.get("status")) && Integer.valueOf(500).equals(d.get("lastResponseCode"))
                        && d.get("lastResponseBody").toString().length() == 1024 && d.get("nextAttemptAt") != null));
        await().atMost(WAIT).until(() -> "SUCCEEDED".equals(firstStatus(organizer, endpoint.id())));
        Map<String, Object> delivery = Webhooks.deliveries(organizer, endpoint.id()).get(0);
        assertThat(delivery).containsEntry("attempts", 4).containsEntry("lastResponseCode", 204);
        List<LoggedRequest> attempts = receiver.received(path);
        assertThat(attempts).hasSize(4).extracting(r -> new JsonObject(r.getBodyAsString()).getString("id")).containsOnly(
                delivery.get("eventId").toString());
        // waits of 200 ms x 2^(n-1), of which up to half is taken off at random: at least 100, 200, 400 ms
        long[] minimumMillis = { 100, 200, 400 };
        for (int i = 1; i < attempts.size(); i++) {
            long gap = attempts.get(i).getLoggedDate().getTime() - attempts.get(i - 1).getLoggedDate().getTime();
            assertThat(gap).as("wait before attempt %d", i + 1).isGreaterThanOrEqualTo(minimumMillis[i - 1]);
        }
    }

    @Test
    void aRetryingDeliveryDoesNotHoldBackLaterOnes() {
        Fixtures.Account organizer = Fixtures.organizer();
        String path = "/stuck-" + organizer.id();
        receiver.server.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(200)));
        Webhooks.Endpoint endpoint = Webhooks.subscribe(organizer, receiver.url(path), "event.published");
        String failing = organizer.as().body(Fixtures.eventBody(Fixtures.venue(organizer, 1, 2, 0), true, false, 2))
                .post("/api/events").then().statusCode(201).extract().path("id");
        receiver.server.stubFor(post(urlEqualTo(path)).withRequestBody(containing(failing)).atPriority(1)
                .willReturn(aResponse().withStatus(500)));
        organizer.as().post("/api/events/" + failing + "/publish").then().statusCode(200);
        await().atMost(WAIT).until(() -> !receiver.received(path).isEmpty()); // the first attempt failed
        String later = Fixtures.event(organizer).rows(1).seatsPerRow(2).maxPerOrder(2).onSale();

        await().atMost(WAIT).until(() -> receiver.bodies(path).stream()
                .anyMatch(body -> later.equals(body.getJsonObject("data").getString("eventId"))));
        await().atMost(WAIT).until(() -> Webhooks.deliveries(organizer, endpoint.id()).stream()
                .anyMatch(d -> "SUCCEEDED".equals(d.get("status"))));
        assertThat(Webhooks.deliveries(organizer, endpoint.id())).anySatisfy(delivery -> assertThat(delivery)
                .containsEntry("status", "PENDING").containsEntry("lastResponseCode", 500));
    }

    @Test
    void backoffDoublesWithJitterUpToTheMaximum() {
        for (int i = 0; i < 50; i++) {
            assertThat(deliveryService.backoff(1).toMillis()).isBetween(100L, 200L);
            assertThat(deliveryService.backoff(3).toMillis()).isBetween(400L, 800L);
            assertThat(deliveryService.backoff(40).toMillis()).isBetween(500L, 1000L); // max-delay 1s in tests
        }
    }

    @Test
    void aTimeoutIsRetried() {
        Fixtures.Account organizer = Fixtures.organizer();
        String path = "/slow-" + organizer.id();
        String scenario = "slow-" + organizer.id();
        receiver.server.stubFor(post(urlEqualTo(path)).inScenario(scenario).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(200).withFixedDelay(3000)).willSetStateTo("fast"));
        receiver.server.stubFor(post(urlEqualTo(path)).inScenario(scenario).whenScenarioStateIs("fast")
                .willReturn(aResponse().withStatus(200)));
        Webhooks.Endpoint endpoint = Webhooks.subscribe(organizer, receiver.url(path), "event.published");
        Fixtures.event(organizer).rows(1).seatsPerRow(2).maxPerOrder(2).onSale();

        await().atMost(WAIT).until(() -> Webhooks.deliveries(organizer, endpoint.id()).stream()
                .anyMatch(d -> "timeout".equals(d.get("lastError")) && "PENDING".equals(d.get("status"))
                        && d.get("lastResponseCode") == null));
        await().atMost(WAIT).until(() -> "SUCCEEDED".equals(firstStatus(organizer, endpoint.id())));
        assertThat(Webhooks.deliveries(organizer, endpoint.id()).get(0)).containsEntry("attempts", 2);
    }

    @Test
    void aReceiverDownForALongTimeLosesNothing() {
        Fixtures.Account organizer = Fixtures.organizer();
        int port = WebhookReceiver.freePort();
        Webhooks.Endpoint endpoint = Webhooks.subscribe(organizer, "http://127.0.0.1:" + port + "/down",
                "event.published");
        for (int i = 0; i < 3; i++) {
            Fixtures.event(organizer).rows(1).seatsPerRow(2).maxPerOrder(2).onSale();
        }
        await().atMost(WAIT).until(() -> {
            List<Map<String, Object>> log = Webhooks.deliveries(organizer, endpoint.id());
            return log.size() == 3 && log.stream().allMatch(d -> "PENDING".equals(d.get("status"))
                    && (Integer) d.get("attempts") >= 3 && d.get("lastError") != null);
        });
        try (WebhookReceiver back = WebhookReceiver.startOn(port)) {
            back.accept("/down");
            await().atMost(WAIT).until(() -> back.received("/down").size() >= 3);
            assertThat(back.bodies("/down")).extracting(body -> body.getString("type")).containsOnly("event.published");
            await().atMost(WAIT).until(() -> Webhooks.deliveries(organizer, endpoint.id()).stream()
                    .allMatch(d -> "SUCCEEDED".equals(d.get("status"))));
            assertThat(back.bodies("/down")).extracting(body -> body.getString("id")).doesNotHaveDuplicates();
        }
    }

    @Test
    void aRedeliverySendsTheSameEventAgainFreshlySigned() {
        Fixtures.Account organizer = Fixtures.organizer();
        String path = "/again-" + organizer.id();
        Webhooks.Endpoint endpoint = Webhooks.subscribe(organizer, receiver.accept(path), "event.published");
        Fixtures.event(organizer).rows(1).seatsPerRow(2).maxPerOrder(2).onSale();
        await().atMost(WAIT).until(() -> "SUCCEEDED".equals(firstStatus(organizer, endpoint.id())));
        Map<String, Object> delivered = Webhooks.deliveries(organizer, endpoint.id()).get(0);
        int sentBefore = receiver.received(path).size();

        organizer.as().post("/api/organizer/webhooks/" + endpoint.id() + "/deliveries/" + delivered.get("id") + "/redeliver")
                .then().statusCode(202);
        await().atMost(WAIT).until(() -> receiver.received(path).size() > sentBefore);
        List<LoggedRequest> sent = receiver.received(path);
        LoggedRequest again = sent.get(sent.size() - 1);
        assertThat(again.getBodyAsString()).isEqualTo(sent.get(0).getBodyAsString());
        assertThat(WebhookReceiver.verifies(again.getHeader("Bookit-Signature"), again.getBodyAsString(),
                endpoint.secret())).isTrue();
        await().atMost(WAIT).until(() -> {
            Map<String, Object> now = Webhooks.deliveries(organizer, endpoint.id()).get(0);
            return "SUCCEEDED".equals(now.get("status")) && (Integer) now.get("attempts") > (Integer) delivered.get("attempts");
        });
        assertThat(organizer.as().get("/api/organizer/webhooks/" + endpoint.id() + "/deliveries?status=SUCCEEDED")
                .then().statusCode(200).extract().<List<?>>path("items")).hasSize(1);
        assertThat(organizer.as().get("/api/organizer/webhooks/" + endpoint.id() + "/deliveries?status=FAILED")
                .then().statusCode(200).extract().<List<?>>path("items")).isEmpty();
    }

    @Test
    void duringARotationBothSecretsSign() {
        Fixtures.Account organizer = Fixtures.organizer();
        String path = "/rotated-" + organizer.id();
        Webhooks.Endpoint endpoint = Webhooks.subscribe(organizer, receiver.accept(path), "event.published");
        String newSecret = organizer.as().post("/api/organizer/webhooks/" + endpoint.id() + "/rotate-secret")
                .then().statusCode(200).extract().path("secret");
        Fixtures.event(organizer).rows(1).seatsPerRow(2).maxPerOrder(2).onSale();
        await().atMost(WAIT).until(() -> !receiver.received(path).isEmpty());
        LoggedRequest request = receiver.received(path).get(0);
        String header = request.getHeader("Bookit-Signature");
        assertThat(header).matches("t=\\d+,v1=[0-9a-f]{64},v1=[0-9a-f]{64}");
        assertThat(WebhookReceiver.verifies(header, request.getBodyAsString(), newSecret)).isTrue();
        assertThat(WebhookReceiver.verifies(header, request.getBodyAsString(), endpoint.secret())).isTrue();
        assertThat(WebhookReceiver.verifies(header, request.getBodyAsString(), WebhookSignature.newSecret())).isFalse();
    }

    /** A buyer passes a ticket on and the friend accepts: the event's organizer hears of it once. */
    @Test
    void anAcceptedTransferIsDeliveredToTheEventsOrganizer() {
        Fixtures.Account organizer = Fixtures.organizer();
        String path = "/transferred-" + organizer.id();
        Webhooks.Endpoint endpoint = Webhooks.subscribe(organizer, receiver.accept(path), "ticket.transferred");
        String eventId = Fixtures.event(organizer).rows(1).seatsPerRow(2).maxPerOrder(2).onSale();
        Fixtures.Account buyer = Fixtures.attendee();
        Fixtures.Account friend = Fixtures.attendee();
        String ticketId = Fixtures.buySeats(buyer, eventId, "ORCH-A-1").get(0);
        String transferId = buyer.as().body(Map.of("email", friend.email()))
                .post("/api/tickets/" + ticketId + "/transfers").then().statusCode(201).extract().path("id");
        friend.as().post("/api/transfers/" + transferId + "/accept").then().statusCode(200);

        await().atMost(WAIT).until(() -> !receiver.received(path).isEmpty());
        LoggedRequest request = receiver.received(path).get(0);
        JsonObject body = new JsonObject(request.getBodyAsString());
        assertThat(body.getString("type")).isEqualTo("ticket.transferred");
        JsonObject data = body.getJsonObject("data");
        assertThat(data.getString("ticketId")).isEqualTo(ticketId);
        assertThat(data.getString("transferId")).isEqualTo(transferId);
        assertThat(data.getString("eventId")).isEqualTo(eventId);
        assertThat(data.getString("toEmail")).isEqualTo(friend.email());
        assertThat(WebhookReceiver.verifies(request.getHeader("Bookit-Signature"), request.getBodyAsString(),
                endpoint.secret())).isTrue();
        assertThat(distinct(receiver.bodies(path))).hasSize(1);
    }

    /** The newest delivery's status, null while there is none. */
    private static String firstStatus(Fixtures.Account organizer, String endpointId) {
        List<Map<String, Object>> log = Webhooks.deliveries(organizer, endpointId);
        return log.isEmpty() ? null : (String) log.get(0).get("status");
    }

    /** The types of the events received at the path, each event once (a delivery may arrive twice). */
    private static List<String> types(String path) {
        return distinct(receiver.bodies(path)).stream().map(body -> body.getString("type")).toList();
    }

    private static List<JsonObject> distinct(List<JsonObject> bodies) {
        Map<String, JsonObject> byId = new java.util.LinkedHashMap<>();
        bodies.forEach(body -> byId.putIfAbsent(body.getString("id"), body));
        return List.copyOf(byId.values());
    }
}
