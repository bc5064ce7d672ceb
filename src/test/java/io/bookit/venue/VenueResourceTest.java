package io.bookit.venue;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.bookit.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class VenueResourceTest {

    @Test
    void organizerCreatesAVenueWithSeatedSectionsAndAGeneralAdmissionArea() {
        Fixtures.Account organizer = Fixtures.organizer();
        String id = organizer.as().body(Map.of("name", "Grand Hall", "address", "1 Main St", "timezone", "Europe/Berlin",
                "sections", List.of(
                        Map.of("key", "ORCH", "name", "Orchestra", "kind", "SEATED",
                                "rows", List.of(Map.of("label", "A", "seats", 20), Map.of("label", "B", "seats", 22))),
                        Map.of("key", "PIT", "name", "Standing", "kind", "GENERAL_ADMISSION", "capacity", 500))))
                .post("/api/venues")
                .then().statusCode(201)
                .body("seatCount", equalTo(42))
                .body("capacity", equalTo(542))
                .body("ownerId", equalTo(organizer.id()))
                .extract().path("id");

        given().get("/api/venues/" + id).then().statusCode(200)
                .body("name", equalTo("Grand Hall"))
                .body("sections[0].rows[1].seats", equalTo(22))
                .body("sections[1].capacity", equalTo(500));
        organizer.as().get("/api/venues").then().statusCode(200)
                .body("items.id", hasItem(id)).body("total", equalTo(1));
    }

    @Test
    void invalidLayoutsAreRejectedWithTheFailingField() {
        Fixtures.Account organizer = Fixtures.organizer();
        expectInvalid(organizer, List.of(Map.of("key", "orch!", "name", "x", "kind", "SEATED",
                "rows", List.of(Map.of("label", "A", "seats", 1)))), "sections[0].key");
        expectInvalid(organizer, List.of(Map.of("key", "A", "name", "x", "kind", "SEATED")), "sections[0].rows");
        expectInvalid(organizer, List.of(Map.of("key", "A", "name", "x", "kind", "GENERAL_ADMISSION")),
                "sections[0].capacity");
        expectInvalid(organizer, List.of(
                Map.of("key", "A", "name", "x", "kind", "GENERAL_ADMISSION", "capacity", 5),
                Map.of("key", "A", "name", "y", "kind", "GENERAL_ADMISSION", "capacity", 5)), "sections[1].key");
        expectInvalid(organizer, List.of(Map.of("key", "A", "name", "x", "kind", "SEATED",
                "rows", List.of(Map.of("label", "A", "seats", 2), Map.of("label", "A", "seats", 3)))), "sections[0].rows");

        organizer.as().body(Map.of("name", "x", "address", "y", "timezone", "Mars/Olympus",
                "sections", List.of(Map.of("key", "A", "name", "x", "kind", "GENERAL_ADMISSION", "capacity", 5))))
                .post("/api/venues").then().statusCode(400)
                .body("errors.field", hasItem("timezone"));
        organizer.as().body("{\"name\":\"x\",\"address\":\"y\",\"timezone\":\"UTC\",\"sections\":[{\"key\":\"A\",\"kind\":\"BALCONY\"}]}")
                .post("/api/venues").then().statusCode(400).contentType("application/problem+json");
        organizer.as().get("/api/venues").then().statusCode(200).body("total", equalTo(0));
    }

    @Test
    void attendeesCannotCreateVenuesAndUnknownVenuesAre404() {
        Fixtures.attendee().as().body(Map.of("name", "x", "address", "y", "timezone", "UTC",
                "sections", List.of(Map.of("key", "A", "name", "x", "kind", "GENERAL_ADMISSION", "capacity", 5))))
                .post("/api/venues").then().statusCode(403);
        given().get("/api/venues/00000000-0000-0000-0000-000000000000").then().statusCode(404)
                .contentType("application/problem+json");
        given().get("/api/venues/not-a-uuid").then().statusCode(404).contentType("application/problem+json");
    }

    private static void expectInvalid(Fixtures.Account organizer, List<Map<String, Object>> sections, String field) {
        organizer.as().body(Map.of("name", "x", "address", "y", "timezone", "UTC", "sections", sections))
                .post("/api/venues")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://bookit.dev/problems/validation"))
                .body("errors.field", hasItem(field));
    }
}
