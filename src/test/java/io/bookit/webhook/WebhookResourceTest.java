package io.bookit.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.agroal.api.AgroalDataSource;
import io.bookit.support.Fixtures;
import io.bookit.support.Sql;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The endpoints' contract: secrets shown once, validation that writes nothing, another organizer's 404. */
@QuarkusTest
class WebhookResourceTest {

    private static final String PROBLEMS = "https://bookit.dev/problems/";
    private static final String URL = "http://127.0.0.1:9/hook";

    @Inject
    AgroalDataSource dataSource;

    @Test
    void createAnswersTheSecretOnceAndNeverAgain() {
        Fixtures.Account organizer = Fixtures.organizer();
        String secret = organizer.as().body(Map.of("url", URL, "events", List.of("order.confirmed", "event.sold_out"),
                "description", "CRM")).post("/api/organizer/webhooks").then().statusCode(201)
                .body("url", equalTo(URL)).body("events", equalTo(List.of("order.confirmed", "event.sold_out")))
                .body("enabled", equalTo(true)).body("createdAt", notNullValue()).body("description", equalTo("CRM"))
                .body("secret", startsWith("whsec_")).extract().path("secret");
        assertThat(secret.length()).isGreaterThanOrEqualTo("whsec_".length() + 43); // 32 random bytes, base64url
        String id = organizer.as().get("/api/organizer/webhooks").then().statusCode(200)
                .body("items", hasSize(1)).body("items[0].secret", nullValue()).extract().path("items[0].id");
        organizer.as().get("/api/organizer/webhooks/" + id).then().statusCode(200).body("secret", nullValue());
        Webhooks.Endpoint other = Webhooks.subscribe(organizer, URL, "order.confirmed");
        assertThat(other.secret()).isNotEqualTo(secret);
    }

    @Test
    void badInputIsA400ProblemAndWritesNothing() {
        Fixtures.Account organizer = Fixtures.organizer();
        List<Map<String, Object>> bodies = List.of(
                Map.of("url", "not a url", "events", List.of("order.confirmed")),
                Map.of("url", "ftp://hooks.example.com/x", "events", List.of("order.confirmed")),
                Map.of("url", "hooks.example.com/x", "events", List.of("order.confirmed")),
                Map.of("url", "https://user:secret@hooks.example.com/x", "events", List.of("order.confirmed")),
                Map.of("url", URL, "events", List.of("order.paid")),
                Map.of("url", URL, "events", List.of("order.confirmed", "Order.Confirmed")),
                Map.of("url", URL, "events", List.of()),
                Map.of("url", URL),
                Map.of("events", List.of("order.confirmed")),
                Map.of("url", "https://hooks.example.com/" + "x".repeat(2100), "events", List.of("order.confirmed")));
        for (Map<String, Object> body : bodies) {
            organizer.as().body(body).post("/api/organizer/webhooks").then().statusCode(400)
                    .contentType("application/problem+json").body("type", equalTo(PROBLEMS + "validation"));
        }
        organizer.as().body("{\"url\": 5, \"events\": \"order.confirmed\"}").post("/api/organizer/webhooks").then()
                .statusCode(400).contentType("application/problem+json");
        assertThat(Sql.number(dataSource, "SELECT count(*) FROM webhook_endpoint WHERE owner_id = ?",
                organizer.id())).isZero();

        String id = Webhooks.subscribe(organizer, URL, "order.confirmed").id();
        organizer.as().body(Map.of("events", List.of("ticket.scanned"))).patch("/api/organizer/webhooks/" + id)
                .then().statusCode(400).contentType("application/problem+json");
        organizer.as().body(Map.of("url", "gopher://x")).patch("/api/organizer/webhooks/" + id)
                .then().statusCode(400).contentType("application/problem+json");
        organizer.as().get("/api/organizer/webhooks/" + id).then().body("url", equalTo(URL))
                .body("events", equalTo(List.of("order.confirmed")));
        organizer.as().get("/api/organizer/webhooks/" + id + "/deliveries?status=LOST").then().statusCode(400)
                .contentType("application/problem+json");
        organizer.as().get("/api/organizer/webhooks/" + id + "/deliveries?limit=many").then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void anotherOrganizerGets404AndAnAttendee403() {
        Fixtures.Account owner = Fixtures.organizer();
        Fixtures.Account stranger = Fixtures.organizer();
        String id = Webhooks.subscribe(owner, URL, "order.confirmed").id();
        String base = "/api/organizer/webhooks/" + id;
        String anyDelivery = base + "/deliveries/" + UUID.randomUUID() + "/redeliver";
        stranger.as().get(base).then().statusCode(404).contentType("application/problem+json");
        stranger.as().body(Map.of("url", "http://127.0.0.1:9/mine")).patch(base).then().statusCode(404);
        stranger.as().delete(base).then().statusCode(404);
        stranger.as().post(base + "/rotate-secret").then().statusCode(404);
        stranger.as().get(base + "/deliveries").then().statusCode(404);
        stranger.as().post(anyDelivery).then().statusCode(404);
        stranger.as().get("/api/organizer/webhooks").then().statusCode(200).body("items", hasSize(0));
        Fixtures.attendee().as().get("/api/organizer/webhooks").then().statusCode(403);
        owner.as().post(anyDelivery).then().statusCode(404); // not a delivery of this endpoint
        owner.as().get(base).then().statusCode(200).body("url", equalTo(URL));
    }

    @Test
    void patchChangesWhatIsGivenAndDeleteRemovesTheEndpoint() {
        Fixtures.Account organizer = Fixtures.organizer();
        String id = Webhooks.subscribe(organizer, URL, "order.confirmed").id();
        String base = "/api/organizer/webhooks/" + id;
        organizer.as().body(Map.of("events", List.of("event.cancelled", "event.cancelled", "ticket.transferred"),
                "enabled", false)).patch(base).then().statusCode(200)
                .body("events", equalTo(List.of("event.cancelled", "ticket.transferred")))
                .body("url", equalTo(URL)).body("enabled", equalTo(false))
                .body("disabledReason", equalTo("Disabled by the organizer"));
        organizer.as().body(Map.of("enabled", true)).patch(base).then().statusCode(200)
                .body("enabled", equalTo(true)).body("disabledReason", nullValue());
        organizer.as().delete(base).then().statusCode(204);
        organizer.as().get(base).then().statusCode(404);
    }

    @Test
    void rotatingGivesANewSecretAndKeepsTheOldOneForADay() {
        Fixtures.Account organizer = Fixtures.organizer();
        Webhooks.Endpoint endpoint = Webhooks.subscribe(organizer, URL, "order.confirmed");
        Map<String, Object> rotated = organizer.as().post("/api/organizer/webhooks/" + endpoint.id() + "/rotate-secret")
                .then().statusCode(200).body("secret", startsWith("whsec_"))
                .body("secret", not(equalTo(endpoint.secret()))).extract().path("");
        Instant until = Instant.parse((String) rotated.get("previousSecretExpiresAt"));
        assertThat(Duration.between(Instant.now(), until)).isBetween(Duration.ofHours(23), Duration.ofHours(24));
    }

    @Test
    void theOpenApiDocumentListsTheWebhookOperations() {
        String document = io.restassured.RestAssured.given().accept("application/json").get("/q/openapi")
                .then().statusCode(200).extract().asString();
        assertThat(document).contains("/api/organizer/webhooks/{id}/rotate-secret",
                "/api/organizer/webhooks/{id}/deliveries/{deliveryId}/redeliver", "Organizer webhooks");
    }
}
