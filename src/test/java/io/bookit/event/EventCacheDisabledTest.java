package io.bookit.event;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.agroal.api.AgroalDataSource;
import io.bookit.support.Fixtures;
import io.bookit.support.Sql;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(EventCacheDisabledTest.CacheOff.class)
class EventCacheDisabledTest {

    public static class CacheOff implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("bookit.events.cache.enabled", "false", "bookit.events.cache.max-age", "0s");
        }
    }

    @Inject
    AgroalDataSource dataSource;

    @Test
    void withTheCacheOffEveryReadAsksPostgres() {
        Fixtures.Account organizer = Fixtures.organizer();
        String eventId = Fixtures.event(organizer).rows(1).seatsPerRow(4).maxPerOrder(4).onSale();
        String token = "w" + eventId.replace("-", "");
        organizer.as().body(Map.of("name", "Uncached " + token)).patch("/api/events/" + eventId).then().statusCode(200);
        given().get("/api/events/" + eventId).then().statusCode(200).header("Cache-Control", "public, no-cache");
        given().queryParam("q", token).get("/api/events").then().body("items[0].name", equalTo("Uncached " + token));

        Sql.update(dataSource, "UPDATE event SET name = ? WHERE id = ?", "Renamed " + token, eventId);
        given().get("/api/events/" + eventId).then().statusCode(200).body("name", equalTo("Renamed " + token));
        given().queryParam("q", token).get("/api/events").then().body("items[0].name", equalTo("Renamed " + token));
    }
}
