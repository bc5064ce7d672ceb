package io.bookit.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.agroal.api.AgroalDataSource;
import io.bookit.support.Fixtures;
import io.bookit.support.GreenMailResource;
import io.bookit.support.Sql;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The SSRF guard on, as in production (bookit.webhooks.allow-private-targets=false): internal targets are refused when
 * saved, and again at send time for a URL whose name now resolves to an internal address (DNS rebinding, simulated by
 * a row written behind the API's back). Retries end quickly here (max-age 1 s), so the same test shows deliveries
 * ending FAILED and the endpoint disabled after two of them, with a mail to its organizer.
 */
@QuarkusTest
@TestProfile(WebhookGuardTest.GuardOn.class)
class WebhookGuardTest {

    public static class GuardOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("bookit.webhooks.allow-private-targets", "false",
                    "bookit.webhooks.retry.max-age", "1s",
                    "bookit.webhooks.disable-after", "2");
        }
    }

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    AgroalDataSource dataSource;

    @Test
    void internalTargetsAreRefusedWhenSaved() {
        Fixtures.Account organizer = Fixtures.organizer();
        for (String url : List.of("http://127.0.0.1:8080/hook", "http://localhost/hook", "https://10.0.0.7/hook",
                "https://169.254.169.254/latest/meta-data", "https://[::1]/hook", "https://192.168.0.1/hook",
                "https://no-such-host.invalid/hook")) {
            organizer.as().body(Map.of("url", url, "events", List.of("order.confirmed")))
                    .post("/api/organizer/webhooks").then().statusCode(400).contentType("application/problem+json")
                    .body("type", equalTo("https://bookit.dev/problems/validation"))
                    .body("errors[0].field", equalTo("url"));
        }
        assertThat(Sql.number(dataSource, "SELECT count(*) FROM webhook_endpoint WHERE owner_id = ?",
                organizer.id())).isZero();
    }

    @Test
    void aUrlThatResolvesInternallyAtSendTimeIsRefusedThenFailedAndTheEndpointDisabled() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            Fixtures.Account organizer = Fixtures.organizer();
            String endpointId = UUID.randomUUID().toString();
            Sql.update(dataSource, """
                    INSERT INTO webhook_endpoint (id, owner_id, url, events, secret, enabled, created_at, updated_at)
                    VALUES (?, ?, ?, '["event.published"]', 'whsec_test', true, now(), now())""",
                    endpointId, organizer.id(), receiver.accept("/rebound"));
            Fixtures.event(organizer).rows(1).seatsPerRow(2).maxPerOrder(2).onSale();
            Fixtures.event(organizer).rows(1).seatsPerRow(2).maxPerOrder(2).onSale();

            await().atMost(WAIT).until(() -> {
                List<Map<String, Object>> log = Webhooks.deliveries(organizer, endpointId);
                return log.size() == 2 && log.stream().allMatch(d -> "FAILED".equals(d.get("status")));
            });
            assertThat(Webhooks.deliveries(organizer, endpointId)).allSatisfy(delivery -> {
                assertThat((String) delivery.get("lastError")).startsWith("refused: ")
                        .contains("loopback, link-local or private");
                assertThat(delivery.get("nextAttemptAt")).isNull();
                assertThat((Integer) delivery.get("attempts")).isPositive();
            });
            assertThat(receiver.received("/rebound")).isEmpty();

            await().atMost(WAIT).until(() -> Boolean.FALSE.equals(organizer.as()
                    .get("/api/organizer/webhooks/" + endpointId).then().extract().path("enabled")));
            organizer.as().get("/api/organizer/webhooks/" + endpointId).then()
                    .body("disabledReason", equalTo("Disabled after 2 deliveries in a row failed for PT1S"));
            await().atMost(WAIT).until(() -> !GreenMailResource.messagesTo(organizer.email()).isEmpty());
            assertThat(GreenMailResource.messagesTo(organizer.email()).get(0).getSubject())
                    .isEqualTo("Bookit disabled your webhook endpoint");
            String deliveryId = (String) Webhooks.deliveries(organizer, endpointId).get(0).get("id");
            organizer.as().post("/api/organizer/webhooks/" + endpointId + "/deliveries/" + deliveryId + "/redeliver")
                    .then().statusCode(409).body("type", equalTo("https://bookit.dev/problems/webhook-disabled"));
        }
    }
}
