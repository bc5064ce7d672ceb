package io.bookit;

import static org.assertj.core.api.Assertions.assertThat;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.bookit.support.Fixtures;
import io.bookit.support.Metrics;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class OperationsTest {

    @Test
    void readinessChecksPostgresAndRedis() {
        Metrics.management().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        Metrics.management().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems(containsString("Reactive PostgreSQL"), containsString("Redis")));
    }

    @Test
    void healthAndMetricsAreServedOnTheManagementInterfaceOnlyAndTheApiDocumentOnTheApiPort() {
        for (String path : new String[] {"/q/metrics", "/q/health", "/q/health/live", "/q/health/ready"}) {
            given().get(path).then().statusCode(404);
            Metrics.management().get(path).then().statusCode(200);
        }
        given().accept("application/json").get("/q/openapi").then().statusCode(200);
    }

    @Test
    void metricsCountHoldsAndOrders() {
        Fixtures.Account buyer = Fixtures.attendee();
        String eventId = Fixtures.event(Fixtures.organizer()).rows(1).seatsPerRow(5).maxPerOrder(4).onSale();
        double placed = Metrics.sum("bookit_holds_seconds_count", "outcome=\"placed\"");
        double unavailable = Metrics.sum("bookit_holds_seconds_count", "outcome=\"unavailable\"");
        double confirmed = Metrics.sum("bookit_orders_seconds_count", "outcome=\"CONFIRMED\"");

        Fixtures.order(buyer, Fixtures.holdSeats(buyer, eventId, "ORCH-A-1")).then().statusCode(201);
        Fixtures.hold(buyer, eventId, Map.of("seats", List.of("ORCH-A-1"))).then().statusCode(409);

        // tests run one at a time: the calls above are the only ones that moved these counters
        assertThat(Metrics.sum("bookit_holds_seconds_count", "outcome=\"placed\"")).isEqualTo(placed + 1);
        assertThat(Metrics.sum("bookit_holds_seconds_count", "outcome=\"unavailable\"")).isEqualTo(unavailable + 1);
        assertThat(Metrics.sum("bookit_orders_seconds_count", "outcome=\"CONFIRMED\"")).isEqualTo(confirmed + 1);
    }

    @Test
    void theOpenApiDocumentDescribesTheContract() {
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("paths.keySet()", hasItems("/api/auth/register", "/api/auth/login", "/api/venues",
                        "/api/events", "/api/events/{id}", "/api/events/{id}/publish", "/api/events/{id}/cancel",
                        "/api/events/{id}/seats", "/api/events/{id}/holds", "/api/holds/{id}", "/api/orders",
                        "/api/orders/{id}", "/api/orders/{id}/cancel", "/api/me/orders", "/api/me/tickets"));
    }

    @Test
    void aTwentyThousandSeatMapIsServedInOneAnswer() {
        Fixtures.Account organizer = Fixtures.organizer();
        String eventId = Fixtures.event(organizer).rows(100).seatsPerRow(200).maxPerOrder(10).onSale();
        given().get("/api/events/" + eventId + "/seats").then().statusCode(200)
                .body("seats.size()", equalTo(20_000))
                .body("seats[19999].id", equalTo("ORCH-CV-200"));
    }
}
