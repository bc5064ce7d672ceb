package io.bookit.organizer;

import io.agroal.api.AgroalDataSource;
import io.bookit.support.Fixtures;
import io.bookit.support.Sql;
import java.util.List;
import java.util.Map;

/** Orders placed and tickets checked in through the public API; SQL only to move time (see {@link #update}). */
final class OrganizerFixtures {

    private OrganizerFixtures() {
    }

    /** Holds what {@code hold} asks for and orders it (simulated payment): the CONFIRMED order's id. */
    static String buy(Fixtures.Account buyer, String eventId, Map<String, ?> hold) {
        String holdId = Fixtures.hold(buyer, eventId, hold).then().statusCode(201).extract().path("id");
        String orderId = Fixtures.order(buyer, holdId).then().statusCode(201).extract().path("id");
        return orderId;
    }

    static String buySeats(Fixtures.Account buyer, String eventId, String... seats) {
        return buy(buyer, eventId, Map.of("seats", List.of(seats)));
    }

    static String buyArea(Fixtures.Account buyer, String eventId, String section, int quantity) {
        return buy(buyer, eventId, Map.of("section", section, "quantity", quantity));
    }

    /** Runs one SQL update with string parameters (to date a sale back: there is no endpoint for that). */
    static int update(AgroalDataSource dataSource, String sql, Object... params) {
        return Sql.update(dataSource, sql, params);
    }

    /** The organizer scans the buyer's ticket for {@code seat} (a seat id, or a section for a standing place). */
    static void checkIn(Fixtures.Account organizer, Fixtures.Account buyer, String eventId, String orderId, String seat) {
        List<Map<String, String>> tickets = buyer.as().get("/api/orders/" + orderId).then().statusCode(200)
                .extract().path("tickets");
        String ticketId = tickets.stream().filter(t -> seat.equals(t.get("seat")) || seat.equals(t.get("section")))
                .filter(t -> "VALID".equals(t.get("status"))).map(t -> t.get("id")).findFirst()
                .orElseThrow(() -> new IllegalStateException("No valid ticket " + seat + " in order " + orderId));
        String code = buyer.as().get("/api/tickets/" + ticketId).then().statusCode(200).extract().path("code");
        organizer.as().body(Map.of("code", code)).post("/api/events/" + eventId + "/checkins").then().statusCode(200);
    }
}
