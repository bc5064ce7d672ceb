package io.bookit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.both;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agroal.api.AgroalDataSource;
import io.bookit.support.Fixtures;
import io.bookit.support.Fixtures.Account;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The nasty-input matrix against every write endpoint (and the searches), and the BOLA matrix against every endpoint
 * that takes an id: each row names the call, what is wrong with it and the 4xx it must get, always as
 * {@code application/problem+json}, and nothing may be written (the counts of every table a request could write, the
 * versions of the events, the seat map's version). One shared set of accounts and objects ({@link World}) serves
 * every row, so the whole matrix runs in seconds.
 */
@QuarkusTest
class SecurityProbeTest {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** Writes every non-ASCII character as a JSON escape, so that a lone surrogate reaches the server as one. */
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(com.fasterxml.jackson.core.json.JsonWriteFeature.ESCAPE_NON_ASCII.mappedFeature());

    @Inject
    AgroalDataSource dataSource;

    // ------------------------------------------------------------------------------------------------ the world

    /**
     * Organizer A owns a venue, an on-sale event (with a waiting room switched off), a second on-sale event behind an
     * open waiting room and a draft; attendee A holds a seat, bought another (an order, a ticket) and queues for the
     * second event. Organizer B owns an event whose staff is attendee "staff B". Attendee B owns nothing; the
     * bystander is whom organizer A makes staff of event A with a valid request.
     */
    record World(Account orgA, Account orgB, Account attA, Account attB, Account staffB, Account bystander, String venueA,
            String eventA, String roomEventA, String draftA, String eventB, String holdA, String orderA,
            String ticketA, String ticketCodeA, String queueA) {
    }

    private static World world;

    static synchronized World world() {
        if (world == null) {
            Account orgA = Fixtures.organizer();
            Account orgB = Fixtures.organizer();
            Account attA = Fixtures.attendee();
            Account attB = Fixtures.attendee();
            Account staffB = Fixtures.attendee();
            Account bystander = Fixtures.attendee();
            String venueA = Fixtures.venue(orgA, 1, 10, 10);
            String eventA = Fixtures.event(orgA).rows(1).seatsPerRow(10).standing(10).maxPerOrder(4).onSale();
            String roomEventA = Fixtures.event(orgA).rows(1).seatsPerRow(4).maxPerOrder(2)
                    .with(Map.of("waitingRoom", Map.of("enabled", true))).onSale();
            String draftA = orgA.as().body(Fixtures.eventBody(venueA, true, true, 4)).post("/api/events")
                    .then().statusCode(201).extract().path("id");
            String eventB = Fixtures.event(orgB).rows(1).seatsPerRow(4).maxPerOrder(2).onSale();
            orgB.as().body(Map.of("email", staffB.email())).post("/api/events/" + eventB + "/staff")
                    .then().statusCode(201);
            String holdA = Fixtures.holdSeats(attA, eventA, "ORCH-A-1");
            String orderA = Fixtures.order(attA, Fixtures.holdSeats(attA, eventA, "ORCH-A-2")).then().statusCode(201)
                    .extract().path("id");
            String ticketA = attA.as().get("/api/orders/" + orderA).then().extract().path("tickets[0].id");
            String codeA = attA.as().get("/api/tickets/" + ticketA).then().statusCode(200).extract().path("code");
            String queueA = attA.as().post("/api/events/" + roomEventA + "/queue").then().statusCode(201)
                    .extract().path("queueId");
            world = new World(orgA, orgB, attA, attB, staffB, bystander, venueA, eventA, roomEventA, draftA, eventB, holdA,
                    orderA, ticketA, codeA, queueA);
        }
        return world;
    }

    /** What a refused request must leave as it was: row counts, event versions, ticket states, eventA's seat map. */
    private String writtenState(World w) {
        String sql = "SELECT concat_ws(' | ', (SELECT count(*) FROM app_user), (SELECT count(*) FROM venue),"
                + " (SELECT string_agg(id || ':' || version || ':' || status, ',' ORDER BY id) FROM event"
                + "   WHERE owner_id IN (?, ?)), (SELECT count(*) FROM event),"
                + " (SELECT string_agg(status, ',' ORDER BY id) FROM orders WHERE buyer_id = ?), (SELECT count(*) FROM orders),"
                + " (SELECT string_agg(status, ',' ORDER BY id) FROM ticket), (SELECT count(*) FROM event_staff),"
                + " (SELECT string_agg(status, ',' ORDER BY id) FROM ticket_transfer),"
                + " (SELECT count(*) FROM waitlist_entry))";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, UUID.fromString(w.orgA().id()));
            statement.setObject(2, UUID.fromString(w.orgB().id()));
            statement.setObject(3, UUID.fromString(w.attA().id()));
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                Number seatVersion = given().get("/api/events/" + w.eventA() + "/seats").then().statusCode(200)
                        .extract().path("version");
                return result.getString(1) + " | seats v" + seatVersion;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------------------- the nasty-input matrix

    /** A call that takes input: who makes it, how, and a body (or none) that it accepts as it is. */
    record Target(String name, String method, Function<World, Account> caller, Function<World, String> path,
            Function<World, ObjectNode> validBody) {

        @Override
        public String toString() {
            return name;
        }
    }

    static final Target REGISTER = new Target("POST /api/auth/register", "POST", w -> null, w -> "/api/auth/register",
            w -> object(Map.of("email", "probe-" + UUID.randomUUID() + "@example.test", "password", Fixtures.PASSWORD,
                    "displayName", "Probe", "role", "ATTENDEE")));
    static final Target LOGIN = new Target("POST /api/auth/login", "POST", w -> null, w -> "/api/auth/login",
            w -> object(Map.of("email", w.attA().email(), "password", Fixtures.PASSWORD)));
    static final Target VENUE = new Target("POST /api/venues", "POST", World::orgA, w -> "/api/venues",
            w -> object(Map.of("name", "Probe hall", "address", "1 Main St", "timezone", "Europe/Berlin",
                    "sections", List.of(
                            Map.of("key", "ORCH", "name", "Orchestra", "kind", "SEATED",
                                    "rows", List.of(Map.of("label", "A", "seats", 5), Map.of("label", "B", "seats", 5))),
                            Map.of("key", "PIT", "name", "Standing", "kind", "GENERAL_ADMISSION", "capacity", 10)))));
    static final Target EVENT = new Target("POST /api/events", "POST", World::orgA, w -> "/api/events", w -> {
        ObjectNode body = object(Fixtures.eventBody(w.venueA(), true, true, 4));
        Instant start = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        body.put("salesStartAt", start.minus(1, ChronoUnit.DAYS).toString()).put("maxSeatsPerUser", 8);
        body.set("waitingRoom", object(Map.of("enabled", false, "opensAt", start.minus(2, ChronoUnit.DAYS).toString())));
        return body;
    });
    static final Target PATCH = new Target("PATCH /api/events/{id}", "PATCH", World::orgA,
            w -> "/api/events/" + w.eventA(), w -> {
                Instant start = Instant.now().plus(40, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
                return object(Map.of("name", "Renamed", "description", "Changed", "startsAt", start.toString(),
                        "endsAt", start.plus(2, ChronoUnit.HOURS).toString(), "maxSeatsPerOrder", 4,
                        "maxSeatsPerUser", 8, "waitingRoom", Map.of("enabled", false,
                                "opensAt", start.minus(1, ChronoUnit.DAYS).toString())));
            });
    static final Target HOLD = new Target("POST /api/events/{id}/holds", "POST", World::attA,
            w -> "/api/events/" + w.eventA() + "/holds", w -> object(Map.of("seats", List.of("ORCH-A-5"))));
    static final Target GA_HOLD = new Target("POST /api/events/{id}/holds (area)", "POST", World::attA,
            w -> "/api/events/" + w.eventA() + "/holds", w -> object(Map.of("section", "PIT", "quantity", 1)));
    static final Target BEST_HOLD = new Target("POST /api/events/{id}/holds (best)", "POST", World::attA,
            w -> "/api/events/" + w.eventA() + "/holds", w -> object(Map.of("bestAvailable",
                    Map.of("quantity", 1, "section", "ORCH"))));
    static final Target ORDER = new Target("POST /api/orders", "POST", World::attA, w -> "/api/orders",
            w -> object(Map.of("holdId", w.holdA())));
    static final Target CHECKIN = new Target("POST /api/events/{id}/checkins", "POST", World::orgA,
            w -> "/api/events/" + w.eventA() + "/checkins", w -> object(Map.of("code", w.ticketCodeA(), "nonce", "n-1")));
    static final Target STAFF = new Target("POST /api/events/{id}/staff", "POST", World::orgA,
            w -> "/api/events/" + w.eventA() + "/staff", w -> object(Map.of("email", w.bystander().email())));
    static final Target TRANSFER = new Target("POST /api/tickets/{id}/transfers", "POST", World::attA,
            w -> "/api/tickets/" + w.ticketA() + "/transfers", w -> object(Map.of("email", w.attB().email())));
    /** Valid, yet answered 409 seats-available on event A (it has seats on sale): input checks come first. */
    static final Target WAITLIST = new Target("POST /api/events/{id}/waitlist", "POST", World::attA,
            w -> "/api/events/" + w.eventA() + "/waitlist",
            w -> object(Map.of("quantity", 2, "section", "ORCH", "together", true)));
    /** Query-parameter targets: the "field" of a row is the parameter. */
    static final Target LISTING = new Target("GET /api/events", "GET", w -> null, w -> "/api/events", w -> null);
    static final Target ATTENDEES = new Target("GET /api/events/{id}/attendees", "GET", World::orgA,
            w -> "/api/events/" + w.eventA() + "/attendees", w -> null);
    static final Target ATTENDEES_CSV = new Target("GET /api/events/{id}/attendees (CSV)", "GET_CSV", World::orgA,
            w -> "/api/events/" + w.eventA() + "/attendees", w -> null);

    static final List<Target> JSON_TARGETS = List.of(REGISTER, LOGIN, VENUE, EVENT, PATCH, HOLD, GA_HOLD, BEST_HOLD,
            ORDER, CHECKIN, STAFF, TRANSFER, WAITLIST);

    /** Text that PostgreSQL refuses (NUL) or that no name, e-mail or code should hold. */
    static final Map<String, JsonNode> BAD_TEXT = named(
            "NUL", JSON.textNode("a\u0000b"),
            "bell", JSON.textNode("ding\u0007"),
            "escape sequence", JSON.textNode("\u001b[2Jcleared"),
            "C1 control", JSON.textNode("next\u0085line"),
            "lone surrogate", JSON.textNode("broken\ud800"));
    /** The same in a URL: a lone surrogate cannot be percent-encoded (its bytes decode to U+FFFD, which is valid). */
    static final Map<String, JsonNode> BAD_QUERY_TEXT = named(
            "NUL", JSON.textNode("a\u0000b"),
            "bell", JSON.textNode("ding\u0007"),
            "escape sequence", JSON.textNode("\u001b[2Jcleared"),
            "C1 control", JSON.textNode("next\u0085line"));
    /** Instants PostgreSQL cannot hold, or not instants at all. */
    static final Map<String, JsonNode> FAR_DATES = named(
            "year +300000", JSON.textNode("+300000-01-01T00:00:00Z"),
            "year -290000", JSON.textNode("-290000-01-01T00:00:00Z"),
            "year 0", JSON.textNode("0000-06-01T00:00:00Z"),
            "1e20 epoch seconds", JSON.numberNode(new BigDecimal("1e20")),
            "-1e300 epoch seconds", JSON.numberNode(new BigDecimal("-1e300")),
            "epoch seconds", JSON.numberNode(1_900_000_000L),
            "not a date", JSON.textNode("2027-13-45T99:00:00Z"));
    static final Map<String, JsonNode> BAD_NUMBERS = named(
            "1e400", JSON.numberNode(new BigDecimal("1e400")),
            "2^63", JSON.numberNode(BigInteger.TWO.pow(63)),
            "-1", JSON.numberNode(-1),
            "a string", JSON.textNode("seven"),
            "an object", object(Map.of("n", 1)),
            "true", JSON.booleanNode(true));
    static final Map<String, JsonNode> BAD_IDS = named(
            "not a UUID", JSON.textNode("not-a-uuid"),
            "NUL", JSON.textNode("\u0000"),
            "a number", JSON.numberNode(42),
            "an array", JSON.arrayNode().add("x"));
    /** Whole bodies that are not the request at all. */
    static final Map<String, String> BAD_BODIES = named(
            "deep JSON", "[".repeat(5_000) + "]".repeat(5_000),
            "deep object", "{\"a\":".repeat(3_000) + "1" + "}".repeat(3_000),
            "truncated JSON", "{\"name\": \"x",
            "an array", "[]",
            "null", "null",
            "empty", "");

    record Probe(Target target, String field, String what, Object value, int status) {
        @Override
        public String toString() {
            return target + " " + (field.isEmpty() ? "body" : field) + " = " + what + " → " + status;
        }
    }

    static Stream<Probe> nastyInputs() {
        List<Probe> rows = new ArrayList<>();
        // target      field                              nasty values  expected
        rows(rows, REGISTER, "displayName", BAD_TEXT, 400);
        rows(rows, REGISTER, "email", BAD_TEXT, 400);
        rows(rows, REGISTER, "password", BAD_TEXT, 400);
        rows(rows, REGISTER, "role", BAD_TEXT, 400);
        rows(rows, LOGIN, "email", BAD_TEXT, 400);
        rows(rows, LOGIN, "password", BAD_TEXT, 400);
        rows(rows, VENUE, "name", BAD_TEXT, 400);
        rows(rows, VENUE, "address", BAD_TEXT, 400);
        rows(rows, VENUE, "timezone", BAD_TEXT, 400);
        rows(rows, VENUE, "sections[0].key", BAD_TEXT, 400);
        rows(rows, VENUE, "sections[0].name", BAD_TEXT, 400);
        rows(rows, VENUE, "sections[0].rows[0].label", BAD_TEXT, 400);
        rows(rows, VENUE, "sections[0].rows[0].seats", BAD_NUMBERS, 400);
        rows(rows, VENUE, "sections[1].capacity", BAD_NUMBERS, 400);
        rows(rows, EVENT, "name", BAD_TEXT, 400);
        rows(rows, EVENT, "description", BAD_TEXT, 400);
        rows(rows, EVENT, "currency", BAD_TEXT, 400);
        rows(rows, EVENT, "prices[0].section", BAD_TEXT, 400);
        rows(rows, EVENT, "venueId", BAD_IDS, 400);
        rows(rows, EVENT, "startsAt", FAR_DATES, 400);
        rows(rows, EVENT, "endsAt", FAR_DATES, 400);
        rows(rows, EVENT, "salesStartAt", FAR_DATES, 400);
        rows(rows, EVENT, "waitingRoom.opensAt", FAR_DATES, 400);
        rows(rows, EVENT, "maxSeatsPerOrder", BAD_NUMBERS, 400);
        rows(rows, EVENT, "maxSeatsPerUser", BAD_NUMBERS, 400);
        rows(rows, EVENT, "maxTransfersPerTicket", BAD_NUMBERS, 400);
        rows(rows, EVENT, "waitingRoom.admissionsPerMinute", BAD_NUMBERS, 400);
        rows(rows, PATCH, "name", BAD_TEXT, 400);
        rows(rows, PATCH, "description", BAD_TEXT, 400);
        rows(rows, PATCH, "startsAt", FAR_DATES, 400);
        rows(rows, PATCH, "endsAt", FAR_DATES, 400);
        rows(rows, PATCH, "waitingRoom.opensAt", FAR_DATES, 400);
        rows(rows, PATCH, "maxSeatsPerOrder", BAD_NUMBERS, 400);
        rows(rows, PATCH, "maxSeatsPerUser", BAD_NUMBERS, 400);
        rows(rows, PATCH, "maxTransfersPerTicket", BAD_NUMBERS, 400);
        rows(rows, HOLD, "seats[0]", BAD_TEXT, 400);
        rows(rows, GA_HOLD, "section", BAD_TEXT, 400);
        rows(rows, GA_HOLD, "quantity", BAD_NUMBERS, 400);
        rows(rows, BEST_HOLD, "bestAvailable.quantity", BAD_NUMBERS, 400);
        rows(rows, BEST_HOLD, "bestAvailable.section", BAD_TEXT, 400);
        rows(rows, ORDER, "holdId", BAD_TEXT, 400);
        rows(rows, CHECKIN, "code", BAD_TEXT, 400);
        rows(rows, CHECKIN, "nonce", BAD_TEXT, 400);
        rows(rows, STAFF, "email", BAD_TEXT, 400);
        rows(rows, TRANSFER, "email", BAD_TEXT, 400);
        rows(rows, WAITLIST, "quantity", BAD_NUMBERS, 400);
        rows(rows, WAITLIST, "section", BAD_TEXT, 400);
        rows(rows, LISTING, "q", BAD_QUERY_TEXT, 400);
        rows(rows, LISTING, "from", FAR_DATES, 400);
        rows(rows, LISTING, "to", FAR_DATES, 400);
        rows(rows, LISTING, "page", BAD_NUMBERS, 400);
        rows(rows, LISTING, "size", BAD_NUMBERS, 400);
        rows(rows, ATTENDEES, "q", BAD_QUERY_TEXT, 400);
        rows(rows, ATTENDEES, "size", BAD_NUMBERS, 400);
        rows(rows, ATTENDEES_CSV, "q", BAD_QUERY_TEXT, 400);

        // blank, empty, huge and repeated
        String huge = "x".repeat(100_000);
        rows.add(new Probe(REGISTER, "displayName", "blank", JSON.textNode("   "), 400));
        rows.add(new Probe(REGISTER, "displayName", "100,000 characters", JSON.textNode(huge), 400));
        rows.add(new Probe(EVENT, "name", "blank", JSON.textNode("   "), 400));
        rows.add(new Probe(EVENT, "name", "Unicode white space only", JSON.textNode("\u2003\u3000"), 400));
        rows.add(new Probe(PATCH, "name", "blank", JSON.textNode("   "), 400));
        rows.add(new Probe(PATCH, "name", "empty", JSON.textNode(""), 400));
        rows.add(new Probe(PATCH, "name", "Unicode white space only", JSON.textNode("\u2003\u3000"), 400));
        rows.add(new Probe(PATCH, "description", "100,000 characters", JSON.textNode(huge), 400));
        rows.add(new Probe(LISTING, "q", "2,000 characters", "x".repeat(2_000), 400));
        rows.add(new Probe(VENUE, "sections", "empty", JSON.arrayNode(), 400));
        rows.add(new Probe(VENUE, "sections", "10,000 sections", repeat(object(Map.of("key", "S", "name", "S",
                "kind", "GENERAL_ADMISSION", "capacity", 1)), 10_000), 400));
        rows.add(new Probe(VENUE, "sections[0].rows", "10,000 rows", repeat(object(Map.of("label", "A", "seats", 1)),
                10_000), 400));
        rows.add(new Probe(VENUE, "sections[1].key", "a key twice", JSON.textNode("ORCH"), 400));
        rows.add(new Probe(VENUE, "sections[0].rows[1].label", "a row label twice", JSON.textNode("A"), 400));
        rows.add(new Probe(VENUE, "sections[0].rows[0].seats", "1,000,000 seats", JSON.numberNode(1_000_000), 400));
        rows.add(new Probe(EVENT, "prices", "empty", JSON.arrayNode(), 400));
        rows.add(new Probe(EVENT, "prices", "10,000 prices", repeat(object(Map.of("section", "ORCH", "price", "1")),
                10_000), 400));
        rows.add(new Probe(EVENT, "prices[1].section", "a section priced twice", JSON.textNode("ORCH"), 400));
        rows.add(new Probe(EVENT, "prices[0].price", "1e400", JSON.numberNode(new BigDecimal("1e400")), 400));
        rows.add(new Probe(EVENT, "prices[0].price", "1e-400", JSON.numberNode(new BigDecimal("1e-400")), 400));
        rows.add(new Probe(EVENT, "prices[0].price", "negative", JSON.textNode("-0.01"), 400));
        rows.add(new Probe(EVENT, "prices[0].price", "not a number", JSON.textNode("cheap"), 400));
        rows.add(new Probe(EVENT, "endsAt", "before startsAt", JSON.textNode("2020-01-01T00:00:00Z"), 400));
        rows.add(new Probe(PATCH, "prices", "prices while on sale", JSON.arrayNode(), 400));
        rows.add(new Probe(HOLD, "seats", "empty", JSON.arrayNode(), 400));
        rows.add(new Probe(HOLD, "seats", "100,000 seats", repeat(JSON.textNode("ORCH-A-5"), 100_000), 400));
        rows.add(new Probe(HOLD, "seats", "one seat twice", JSON.arrayNode().add("ORCH-A-5").add("ORCH-A-5"), 422));
        rows.add(new Probe(HOLD, "seats", "a string", JSON.textNode("ORCH-A-5"), 400));
        rows.add(new Probe(HOLD, "seats[0]", "null", JSON.nullNode(), 400));
        rows.add(new Probe(HOLD, "seats[0]", "an unknown seat", JSON.textNode("ORCH-Z-99"), 422));
        rows.add(new Probe(HOLD, "seats[0]", "a sold seat", JSON.textNode("ORCH-A-2"), 409));
        rows.add(new Probe(ORDER, "holdId", "not a hold id", JSON.textNode("nope"), 404));
        rows.add(new Probe(ORDER, "holdId", "100,000 characters", JSON.textNode(huge), 400));
        rows.add(new Probe(TRANSFER, "email", "not an address", JSON.textNode("friend"), 400));
        rows.add(new Probe(TRANSFER, "email", "100,000 characters", JSON.textNode(huge + "@example.test"), 400));
        rows.add(new Probe(TRANSFER, "email", "null", JSON.nullNode(), 400));
        rows.add(new Probe(WAITLIST, "quantity", "more than an order may hold", JSON.numberNode(99), 400));
        rows.add(new Probe(WAITLIST, "quantity", "null", JSON.nullNode(), 400));
        rows.add(new Probe(WAITLIST, "section", "an unknown section", JSON.textNode("NOPE"), 400));
        rows.add(new Probe(WAITLIST, "", "as is, while its places are on sale", null, 409));
        for (Target target : JSON_TARGETS) {
            BAD_BODIES.forEach((what, body) -> rows.add(new Probe(target, "", what, body, 400)));
        }
        return rows.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nastyInputs")
    void nastyInputIsRefusedAndWritesNothing(Probe probe) throws java.io.IOException {
        World w = world();
        String before = writtenState(w);
        Response response = send(w, probe);
        response.then().statusCode(probe.status()).contentType("application/problem+json");
        assertThat(writtenState(w)).as("nothing written").isEqualTo(before);
    }

    /** Every target's valid input is accepted: the rows above fail for their nasty value, not for the rest. */
    @org.junit.jupiter.api.Test
    void everyTargetAcceptsItsValidInput() throws java.io.IOException {
        World w = world();
        for (Target target : List.of(REGISTER, LOGIN, VENUE, EVENT, PATCH, STAFF)) {
            send(w, new Probe(target, "name", "as is", null, 0)).then()
                    .statusCode(both(greaterThanOrEqualTo(200)).and(lessThan(300)));
        }
        for (Target hold : List.of(HOLD, GA_HOLD, BEST_HOLD)) {
            String id = send(w, new Probe(hold, "name", "as is", null, 0)).then().statusCode(201).extract().path("id");
            w.attA().as().delete("/api/holds/" + id).then().statusCode(204);
        }
        String transferId = send(w, new Probe(TRANSFER, "email", "as is", null, 0)).then().statusCode(201)
                .extract().path("id");
        w.attA().as().delete("/api/transfers/" + transferId).then().statusCode(204);
        for (String q : List.of("probe", "Ünïcödé ✓", "tab\tand\nline")) {
            given().queryParam("q", q).get("/api/events").then().statusCode(200);
            w.orgA().as().queryParam("q", q).get("/api/events/" + w.eventA() + "/attendees").then().statusCode(200);
        }
        given().queryParam("from", "0001-01-01T00:00:00Z").queryParam("to", "9999-12-31T23:59:59Z")
                .get("/api/events").then().statusCode(200);
    }

    private Response send(World w, Probe probe) throws java.io.IOException {
        Account caller = probe.target().caller().apply(w);
        RequestSpecification request = caller == null ? given().contentType(ContentType.JSON) : caller.as();
        String path = probe.target().path().apply(w);
        if (probe.target().method().startsWith("GET")) {
            if (probe.target().method().equals("GET_CSV")) {
                request.accept("text/csv");
            }
            Object value = probe.value() instanceof JsonNode node ? (node.isTextual() ? node.textValue() : node.toString())
                    : probe.value();
            return request.queryParam(probe.field(), value).get(path);
        }
        String body;
        if (probe.value() instanceof String raw) {
            body = raw;
        } else {
            ObjectNode valid = probe.target().validBody().apply(w);
            if (probe.value() != null) {
                set(valid, probe.field(), (JsonNode) probe.value());
            }
            body = MAPPER.writeValueAsString(valid);
        }
        // bytes: RestAssured parses a String body of a JSON request, which takes it seconds for deep nesting
        return request.body(body.getBytes(StandardCharsets.UTF_8)).request(probe.target().method(), path);
    }

    // ------------------------------------------------------------------------------------- the BOLA matrix

    /** One call by one actor on another's object, and the answer it must get. */
    record Access(String call, Function<World, Account> actor, String actorName, String method,
            Function<World, String> path, Function<World, Object> body, int status) {
        @Override
        public String toString() {
            return actorName + ": " + call + " → " + status;
        }
    }

    static Stream<Access> crossAccess() {
        List<Access> rows = new ArrayList<>();
        Map<String, Function<World, Account>> everyoneElse = new LinkedHashMap<>();
        everyoneElse.put("organizer B", World::orgB);
        everyoneElse.put("attendee B", World::attB);
        everyoneElse.put("staff of event B", World::staffB);
        everyoneElse.put("anonymous", w -> null);
        // call                                              method    path                                       body                   status by actor: orgB, attB, staffB, anonymous
        access(rows, everyoneElse, "PATCH event A", "PATCH", w -> "/api/events/" + w.eventA(), w -> Map.of("name", "Mine"), 403, 403, 403, 401);
        access(rows, everyoneElse, "PATCH draft A", "PATCH", w -> "/api/events/" + w.draftA(), w -> Map.of("name", "Mine"), 404, 403, 403, 401);
        access(rows, everyoneElse, "publish draft A", "POST", w -> "/api/events/" + w.draftA() + "/publish", w -> null, 404, 403, 403, 401);
        access(rows, everyoneElse, "cancel event A", "POST", w -> "/api/events/" + w.eventA() + "/cancel", w -> null, 403, 403, 403, 401);
        access(rows, everyoneElse, "read draft A", "GET", w -> "/api/events/" + w.draftA(), w -> null, 404, 404, 404, 404);
        access(rows, everyoneElse, "seat map of draft A", "GET", w -> "/api/events/" + w.draftA() + "/seats", w -> null, 404, 404, 404, 404);
        access(rows, everyoneElse, "event in venue A", "POST", w -> "/api/events", w -> Fixtures.eventBody(w.venueA(), true, true, 4), 403, 403, 403, 401);
        access(rows, everyoneElse, "attendees of event A", "GET", w -> "/api/events/" + w.eventA() + "/attendees", w -> null, 403, 403, 403, 401);
        access(rows, everyoneElse, "attendees of draft A", "GET", w -> "/api/events/" + w.draftA() + "/attendees", w -> null, 404, 403, 403, 401);
        access(rows, everyoneElse, "stats of event A", "GET", w -> "/api/events/" + w.eventA() + "/stats", w -> null, 403, 403, 403, 401);
        access(rows, everyoneElse, "check in at event A", "POST", w -> "/api/events/" + w.eventA() + "/checkins", w -> Map.of("code", w.ticketCodeA()), 403, 403, 403, 401);
        access(rows, everyoneElse, "check-in bundle of event A", "GET", w -> "/api/events/" + w.eventA() + "/checkin-bundle", w -> null, 403, 403, 403, 401);
        access(rows, everyoneElse, "grant staff at event A", "POST", w -> "/api/events/" + w.eventA() + "/staff", w -> Map.of("email", w.staffB().email()), 403, 403, 403, 401);
        access(rows, everyoneElse, "revoke staff at event A", "DELETE", w -> "/api/events/" + w.eventA() + "/staff/" + w.bystander().id(), w -> null, 403, 403, 403, 401);
        access(rows, everyoneElse, "image of event A", "PUT", w -> "/api/events/" + w.eventA() + "/image", w -> PNG, 403, 403, 403, 401);
        access(rows, everyoneElse, "read order A", "GET", w -> "/api/orders/" + w.orderA(), w -> null, 404, 404, 404, 401);
        access(rows, everyoneElse, "cancel order A", "POST", w -> "/api/orders/" + w.orderA() + "/cancel", w -> null, 404, 404, 404, 401);
        access(rows, everyoneElse, "order hold A", "POST", w -> "/api/orders", w -> Map.of("holdId", w.holdA()), 404, 404, 404, 401);
        access(rows, everyoneElse, "read hold A", "GET", w -> "/api/holds/" + w.holdA(), w -> null, 404, 404, 404, 401);
        access(rows, everyoneElse, "release hold A", "DELETE", w -> "/api/holds/" + w.holdA(), w -> null, 404, 404, 404, 401);
        access(rows, everyoneElse, "read ticket A", "GET", w -> "/api/tickets/" + w.ticketA(), w -> null, 404, 404, 404, 401);
        access(rows, everyoneElse, "offer ticket A", "POST", w -> "/api/tickets/" + w.ticketA() + "/transfers", w -> Map.of("email", w.bystander().email()), 404, 404, 404, 401);
        access(rows, everyoneElse, "QR of ticket A", "GET", w -> "/api/tickets/" + w.ticketA() + "/qr.png", w -> null, 404, 404, 404, 401);
        access(rows, everyoneElse, "queue entry A", "GET", w -> "/api/queue/" + w.queueA(), w -> null, 404, 404, 404, 401);
        access(rows, everyoneElse, "leave queue entry A", "DELETE", w -> "/api/queue/" + w.queueA(), w -> null, 404, 404, 404, 401);
        // staff of event B scanning event A's ticket at event B's door: not a ticket of that event
        rows.add(new Access("check ticket A in at event B", World::staffB, "staff of event B", "POST",
                w -> "/api/events/" + w.eventB() + "/checkins", w -> Map.of("code", w.ticketCodeA()), 422));
        return rows.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("crossAccess")
    void nobodyReachesAnotherCallersObject(Access access) {
        World w = world();
        String before = writtenState(w);
        Account actor = access.actor().apply(w);
        RequestSpecification request = actor == null ? given() : given().header("Authorization", "Bearer " + actor.token());
        Object body = access.body().apply(w);
        if (body instanceof byte[] bytes) {
            request.contentType("image/png").body(bytes);
        } else if (body != null) {
            request.contentType(ContentType.JSON).body(body);
        }
        request.request(access.method(), access.path().apply(w)).then().statusCode(access.status())
                .contentType("application/problem+json");
        assertThat(writtenState(w)).as("nothing written").isEqualTo(before);
    }

    /** A 1x1 PNG. */
    static final byte[] PNG = java.util.Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    // ------------------------------------------------------------------------------------------------ helpers

    private static void rows(List<Probe> rows, Target target, String field, Map<String, JsonNode> values, int status) {
        values.forEach((what, value) -> rows.add(new Probe(target, field, what, value, status)));
    }

    private static void access(List<Access> rows, Map<String, Function<World, Account>> actors, String call,
            String method, Function<World, String> path, Function<World, Object> body, int... statuses) {
        int i = 0;
        for (Map.Entry<String, Function<World, Account>> actor : actors.entrySet()) {
            rows.add(new Access(call, actor.getValue(), actor.getKey(), method, path, body, statuses[i++]));
        }
    }

    @SuppressWarnings("unchecked")
    private static <V> Map<String, V> named(Object... pairs) {
        Map<String, V> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], (V) pairs[i + 1]);
        }
        return map;
    }

    static ObjectNode object(Map<String, ?> fields) {
        return MAPPER.valueToTree(fields);
    }

    private static ArrayNode repeat(JsonNode item, int times) {
        ArrayNode array = JSON.arrayNode();
        for (int i = 0; i < times; i++) {
            array.add(item);
        }
        return array;
    }

    /** Sets {@code a.b[1].c} in the body. */
    private static void set(ObjectNode body, String path, JsonNode value) {
        String[] steps = path.split("\\.");
        JsonNode node = body;
        for (int i = 0; i < steps.length; i++) {
            String step = steps[i];
            int bracket = step.indexOf('[');
            String name = bracket < 0 ? step : step.substring(0, bracket);
            Integer index = bracket < 0 ? null : Integer.valueOf(step.substring(bracket + 1, step.length() - 1));
            boolean last = i == steps.length - 1;
            if (index == null) {
                if (last) {
                    ((ObjectNode) node).set(name, value);
                } else {
                    node = node.get(name);
                }
            } else if (last) {
                ((ArrayNode) node.get(name)).set(index, value);
            } else {
                node = node.get(name).get(index);
            }
        }
    }
}
