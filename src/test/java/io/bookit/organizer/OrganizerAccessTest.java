package io.bookit.organizer;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.bookit.auth.Role;
import io.bookit.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.build.Jwt;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Only the event's owner (or an administrator) sees its attendees and stats. */
@QuarkusTest
class OrganizerAccessTest {

    static final List<String> VIEWS = List.of("/attendees", "/stats", "/stats/timeline");

    @Test
    void anotherOrganizerGets403ForAPublishedEvent() {
        String eventId = Fixtures.event(Fixtures.organizer()).rows(1).seatsPerRow(2).maxPerOrder(2).onSale();
        Fixtures.Account other = Fixtures.organizer();
        for (String view : VIEWS) {
            other.as().get("/api/events/" + eventId + view).then().statusCode(403)
                    .contentType("application/problem+json")
                    .body("type", equalTo("https://bookit.dev/problems/forbidden"));
        }
        other.as().accept("text/csv").get("/api/events/" + eventId + "/attendees").then().statusCode(403)
                .contentType("application/problem+json");
    }

    @Test
    void anotherOrganizerGets404ForADraft() {
        Fixtures.Account owner = Fixtures.organizer();
        String draftId = owner.as().body(Fixtures.eventBody(Fixtures.venue(owner, 1, 2, 0), true, false, 2))
                .post("/api/events").then().statusCode(201).extract().path("id");
        Fixtures.Account other = Fixtures.organizer();
        for (String view : VIEWS) {
            other.as().get("/api/events/" + draftId + view).then().statusCode(404)
                    .contentType("application/problem+json");
            owner.as().get("/api/events/" + draftId + view).then().statusCode(200);
        }
        other.as().accept("text/csv").get("/api/events/" + draftId + "/attendees").then().statusCode(404);
    }

    @Test
    void attendeesGet403AndAnonymousCallersGet401() {
        String eventId = Fixtures.event(Fixtures.organizer()).rows(1).seatsPerRow(2).maxPerOrder(2).onSale();
        Fixtures.Account attendee = Fixtures.attendee();
        for (String view : VIEWS) {
            attendee.as().get("/api/events/" + eventId + view).then().statusCode(403)
                    .contentType("application/problem+json");
            given().get("/api/events/" + eventId + view).then().statusCode(401)
                    .contentType("application/problem+json");
        }
        given().accept("text/csv").get("/api/events/" + eventId + "/attendees").then().statusCode(401);
    }

    @Test
    void anAdministratorSeesEveryEventAndUnknownEventsAre404() {
        String eventId = Fixtures.event(Fixtures.organizer()).rows(1).seatsPerRow(2).maxPerOrder(2).onSale();
        String admin = Jwt.subject(UUID.randomUUID().toString()).claim("email", "admin@example.test")
                .claim("name", "Admin").groups(Set.of(Role.ADMIN)).sign();
        for (String view : VIEWS) {
            given().header("Authorization", "Bearer " + admin).get("/api/events/" + eventId + view)
                    .then().statusCode(200);
            given().header("Authorization", "Bearer " + admin).get("/api/events/" + UUID.randomUUID() + view)
                    .then().statusCode(404).contentType("application/problem+json");
        }
    }
}
