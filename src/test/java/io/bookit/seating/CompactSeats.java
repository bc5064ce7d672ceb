package io.bookit.seating;

import static io.restassured.RestAssured.given;

import io.restassured.RestAssured;
import io.restassured.config.DecoderConfig;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads the compact seat map as a client does: the layout's seat ids joined with the decoded statuses. */
final class CompactSeats {

    private static final String[] STATUSES = {"AVAILABLE", "HELD", "SOLD", "RESERVED"};

    private CompactSeats() {
    }

    /** Without gzip: REST Assured then neither asks for it nor decodes it. */
    static RequestSpecification plain() {
        return given().config(RestAssured.config().decoderConfig(DecoderConfig.decoderConfig().noContentDecoders()));
    }

    static List<String> layoutOrder(String eventId) {
        return plain().get("/api/events/" + eventId + "/layout").then().statusCode(200).extract().path("seats.id");
    }

    /** Seat id -> status name, decoded from {@code statuses} (2 bits a seat, most significant first). */
    static Map<String, String> decode(List<String> order, String statuses) {
        byte[] packed = Base64.getDecoder().decode(statuses);
        if (packed.length != (order.size() + 3) / 4) {
            throw new AssertionError("expected " + (order.size() + 3) / 4 + " bytes, got " + packed.length);
        }
        Map<String, String> seats = new HashMap<>();
        for (int i = 0; i < order.size(); i++) {
            int bits = (packed[i / 4] >> (6 - 2 * (i % 4))) & 3;
            seats.put(order.get(i), STATUSES[bits]);
        }
        return seats;
    }

    /** A view at one version: seat id -> status and section -> available. */
    record View(long version, Map<String, String> seats, Map<String, Integer> areas) {

        static View ofJson(JsonPath map) {
            Map<String, String> seats = new HashMap<>();
            List<Map<String, Object>> list = map.getList("seats");
            list.forEach(seat -> seats.put((String) seat.get("id"), (String) seat.get("status")));
            return new View(map.getLong("version"), seats, areas(map.getList("areas")));
        }

        static View ofCompact(List<String> order, JsonPath compact) {
            return new View(compact.getLong("version"), decode(order, compact.getString("statuses")),
                    areas(compact.getList("areas")));
        }

        private static Map<String, Integer> areas(List<Map<String, Object>> list) {
            Map<String, Integer> areas = new HashMap<>();
            list.forEach(area -> areas.put((String) area.get("section"), (Integer) area.get("available")));
            return areas;
        }
    }

    static View json(String eventId) {
        return View.ofJson(plain().get("/api/events/" + eventId + "/seats").then().statusCode(200).extract().jsonPath());
    }

    static View compact(List<String> order, String eventId) {
        return View.ofCompact(order, plain().get("/api/events/" + eventId + "/seats?view=compact").then()
                .statusCode(200).extract().jsonPath());
    }
}
