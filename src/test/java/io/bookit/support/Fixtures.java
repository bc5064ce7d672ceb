package io.bookit.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Small builders for test data through the public API. Every call makes fresh data: tests never share state. */
public final class Fixtures {

    public static final String PASSWORD = "correct-horse-battery";

    private Fixtures() {
    }

    public record Account(String id, String email, String token) {
        public RequestSpecification as() {
            return given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON);
        }
    }

    public static Account organizer() {
        return account("ORGANIZER");
    }

    public static Account attendee() {
        return account("ATTENDEE");
    }

    public static Account account(String role) {
        return account(role, "Test " + role);
    }

    public static Account account(String role, String displayName) {
        return account(role, displayName, role.toLowerCase() + "-" + UUID.randomUUID() + "@example.test");
    }

    /** Registers and logs in with this very address (e.g. one a ticket was sent to before it had an account). */
    public static Account account(String role, String displayName, String email) {
        String id = given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", PASSWORD, "displayName", displayName, "role", role))
                .post("/api/auth/register").then().statusCode(201).extract().path("id");
        String token = given().contentType(ContentType.JSON).body(Map.of("email", email, "password", PASSWORD))
                .post("/api/auth/login").then().statusCode(200).extract().path("accessToken");
        return new Account(id, email, token);
    }

    /** A venue with seated rows {@code rows x seatsPerRow} in section ORCH and, if gaCapacity > 0, a GA area PIT. */
    public static String venue(Account organizer, int rows, int seatsPerRow, int gaCapacity) {
        List<Map<String, Object>> rowSpecs = new java.util.ArrayList<>();
        for (int r = 0; r < rows; r++) {
            rowSpecs.add(Map.of("label", rowLabel(r), "seats", seatsPerRow));
        }
        List<Map<String, Object>> sections = new java.util.ArrayList<>();
        if (rows > 0) {
            sections.add(Map.of("key", "ORCH", "name", "Orchestra", "kind", "SEATED", "rows", rowSpecs));
        }
        if (gaCapacity > 0) {
            sections.add(Map.of("key", "PIT", "name", "Standing", "kind", "GENERAL_ADMISSION", "capacity", gaCapacity));
        }
        return organizer.as().body(Map.of("name", "Hall", "address", "1 Main St", "timezone", "Europe/Berlin",
                "sections", sections)).post("/api/venues").then().statusCode(201).extract().path("id");
    }

    /** Row labels A..Z, then AA, AB, ... */
    public static String rowLabel(int index) {
        return index < 26 ? String.valueOf((char) ('A' + index)) : rowLabel(index / 26 - 1) + (char) ('A' + index % 26);
    }

    public static Map<String, Object> eventBody(String venueId, boolean seated, boolean ga, int maxSeatsPerOrder) {
        Instant start = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        List<Map<String, String>> prices = new java.util.ArrayList<>();
        if (seated) {
            prices.add(Map.of("section", "ORCH", "price", "49.00"));
        }
        if (ga) {
            prices.add(Map.of("section", "PIT", "price", "25.00"));
        }
        return new java.util.HashMap<>(Map.of("venueId", venueId, "name", "Concert " + UUID.randomUUID(),
                "description", "A test event", "startsAt", start.toString(),
                "endsAt", start.plus(3, ChronoUnit.HOURS).toString(), "currency", "EUR", "prices", prices,
                "maxSeatsPerOrder", maxSeatsPerOrder));
    }

    /**
     * An event to put on sale, its numbers named: {@code Fixtures.event(organizer).rows(1).seatsPerRow(10)
     * .maxPerOrder(4).onSale()}. It gets a fresh venue of the organizer's (see {@link #venue}).
     */
    public static EventSpec event(Account organizer) {
        return new EventSpec(organizer);
    }

    /** What {@link #event} puts on sale; nothing is created before {@link #onSale()}. */
    public static final class EventSpec {

        private final Account organizer;
        private final Map<String, Object> fields = new java.util.HashMap<>();
        private int rows;
        private int seatsPerRow;
        private int standing;
        private int maxPerOrder = 4;

        private EventSpec(Account organizer) {
            this.organizer = organizer;
        }

        /** Seated rows A, B, ... of section ORCH (none unless set). */
        public EventSpec rows(int rows) {
            this.rows = rows;
            return this;
        }

        /** Seats in each row: ORCH-A-1, ORCH-A-2, ... */
        public EventSpec seatsPerRow(int seatsPerRow) {
            this.seatsPerRow = seatsPerRow;
            return this;
        }

        /** The capacity of the general-admission area PIT (none unless set). */
        public EventSpec standing(int capacity) {
            this.standing = capacity;
            return this;
        }

        /** The event's {@code maxSeatsPerOrder} (4 unless set). */
        public EventSpec maxPerOrder(int maxSeatsPerOrder) {
            this.maxPerOrder = maxSeatsPerOrder;
            return this;
        }

        /** The event's {@code maxSeatsPerUser} (0: no cap; unset: the service's default). */
        public EventSpec maxPerUser(int maxSeatsPerUser) {
            fields.put("maxSeatsPerUser", maxSeatsPerUser);
            return this;
        }

        /** More fields of the event body, such as {@code transfersAllowed} or {@code waitingRoom}. */
        public EventSpec with(Map<String, ?> more) {
            fields.putAll(more);
            return this;
        }

        /** Creates the venue and the event, publishes it, and answers the event's id: on sale now. */
        public String onSale() {
            String venueId = venue(organizer, rows, seatsPerRow, standing);
            Map<String, Object> body = eventBody(venueId, rows > 0, standing > 0, maxPerOrder);
            body.putAll(fields);
            String eventId = organizer.as().body(body)
                    .post("/api/events").then().statusCode(201).extract().path("id");
            organizer.as().post("/api/events/" + eventId + "/publish").then().statusCode(200);
            return eventId;
        }
    }

    /** Moves the event's sales end; {@code Instant.now()} closes the sale at once. */
    public static void endSalesAt(Account organizer, String eventId, Instant salesEndAt) {
        organizer.as().body(Map.of("salesEndAt", salesEndAt.toString())).patch("/api/events/" + eventId)
                .then().statusCode(200);
    }

    /** What the seat map says: holds are taken now. */
    public static boolean onSale(String eventId) {
        return given().get("/api/events/" + eventId + "/seats").then().statusCode(200).extract().path("onSale");
    }

    public static Response hold(Account buyer, String eventId, Map<String, ?> body) {
        return buyer.as().body(body).post("/api/events/" + eventId + "/holds");
    }

    public static String holdSeats(Account buyer, String eventId, String... seats) {
        return hold(buyer, eventId, Map.of("seats", List.of(seats))).then().statusCode(201).extract().path("id");
    }

    public static Response order(Account buyer, String holdId) {
        return buyer.as().body(Map.of("holdId", holdId)).post("/api/orders");
    }

    public static Map<String, String> seatStatuses(String eventId) {
        List<Map<String, Object>> seats = given().get("/api/events/" + eventId + "/seats").then().statusCode(200)
                .extract().path("seats");
        Map<String, String> statuses = new java.util.HashMap<>();
        seats.forEach(seat -> statuses.put((String) seat.get("id"), (String) seat.get("status")));
        return statuses;
    }

    /** Buys the seats (hold + order) and answers the ids of the issued tickets, in seat order. */
    public static List<String> buySeats(Account buyer, String eventId, String... seats) {
        return order(buyer, holdSeats(buyer, eventId, seats)).then().statusCode(201).extract().path("tickets.id");
    }
}
