package io.bookit.organizer;

import io.agroal.api.AgroalDataSource;
import io.bookit.support.Fixtures;
import io.bookit.support.Sql;
import java.util.List;
import java.util.Map;

/** Orders placed through the public API, and the SQL steps that have no endpoint yet (check-in). */
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

    /** Runs one SQL update with string parameters; answers the row count. */
    static int update(AgroalDataSource dataSource, String sql, Object... params) {
        return Sql.update(dataSource, sql, params);
    }

    /** What the check-in endpoint will do: VALID → CHECKED_IN with the time. */
    static void checkIn(AgroalDataSource dataSource, String orderId, String seat) {
        int changed = update(dataSource, "UPDATE ticket SET status = 'CHECKED_IN', checked_in_at = now()"
                + " WHERE order_id = ? AND coalesce(seat_id, section) = ? AND status = 'VALID'", orderId, seat);
        if (changed == 0) {
            throw new IllegalStateException("No valid ticket " + seat + " in order " + orderId);
        }
    }
}
