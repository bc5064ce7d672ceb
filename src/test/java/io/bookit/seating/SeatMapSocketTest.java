package io.bookit.seating;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bookit.support.Fixtures;
import io.bookit.support.Metrics;
import io.bookit.support.Parallel;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.websockets.next.BasicWebSocketConnector;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketClientConnection;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SeatMapSocketTest {

    @TestHTTPResource("/")
    URI baseUri;

    @Inject
    RedisDataSource redis;

    @Inject
    LayoutCache layouts;

    @Inject
    SeatInventory inventory;

    @ConfigProperty(name = "quarkus.redis.hosts")
    String redisHosts;

    record Live(WebSocketClientConnection connection, LiveView view, AtomicReference<CloseReason> closed) {
    }

    Live connect(String eventId) {
        LiveView view = new LiveView();
        AtomicReference<CloseReason> closed = new AtomicReference<>();
        WebSocketClientConnection connection = BasicWebSocketConnector.create()
                .baseUri(baseUri)
                .path("/api/events/" + eventId + "/seats/live")
                .executionModel(BasicWebSocketConnector.ExecutionModel.NON_BLOCKING)
                .onTextMessage((c, text) -> view.accept(text))
                .onClose((c, reason) -> closed.set(reason))
                .connectAndAwait();
        return new Live(connection, view, closed);
    }

    Live connectWithSnapshot(String eventId) {
        Live live = connect(eventId);
        await().atMost(Duration.ofSeconds(10)).until(() -> live.view().snapshots() == 1);
        return live;
    }

    @Test
    void sendsASnapshotThenContiguousDeltasForHoldReleaseAndSale() {
        Fixtures.Account organizer = Fixtures.organizer();
        Fixtures.Account buyer = Fixtures.attendee();
        String eventId = Fixtures.event(organizer).rows(2).seatsPerRow(5).standing(100).maxPerOrder(6).onSale();
        Live live = connectWithSnapshot(eventId);
        assertEquals("AVAILABLE", live.view().seat("ORCH-A-1"));
        assertEquals(100, live.view().area("PIT"));

        String hold = Fixtures.holdSeats(buyer, eventId, "ORCH-A-1", "ORCH-A-2");
        awaitSeat(live, "ORCH-A-2", "HELD");

        buyer.as().delete("/api/holds/" + hold).then().statusCode(204);
        awaitSeat(live, "ORCH-A-1", "AVAILABLE");

        Fixtures.hold(buyer, eventId, Map.of("section", "PIT", "quantity", 3)).then().statusCode(201);
        await().atMost(Duration.ofSeconds(10)).until(() -> live.view().area("PIT") == 97);

        String sale = Fixtures.holdSeats(buyer, eventId, "ORCH-B-1");
        Fixtures.order(buyer, sale).then().statusCode(201);
        awaitSeat(live, "ORCH-B-1", "SOLD");

        assertConsistentAndClose(eventId, live);
    }

    @Test
    void concurrentHoldsArriveWithoutGapsAndTheFinalViewEqualsTheRestSeatMap() throws Exception {
        String eventId = event().rows(1).seatsPerRow(12).onSale();
        Live live = connectWithSnapshot(eventId);
        Live late = connect(eventId); // joins while changes are in flight
        List<Fixtures.Account> buyers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            buyers.add(Fixtures.attendee());
        }
        // twelve holds released together (each buyer's logins done above, so only the holds overlap)
        Parallel.run(12, i -> Fixtures.holdSeats(buyers.get(i % buyers.size()), eventId, "ORCH-A-" + (i + 1)));

        long restVersion = given().get("/api/events/" + eventId + "/seats").then().extract().jsonPath().getLong("version");
        await().atMost(Duration.ofSeconds(10)).until(() -> live.view().version() == restVersion
                && late.view().version() == restVersion);
        assertConsistentAndClose(eventId, live);
        assertConsistentAndClose(eventId, late);
    }

    @Test
    void aBurstOfFeedMessagesIsCoalescedIntoFramesThatCarryFromVersion() {
        String eventId = event().rows(1).seatsPerRow(20).onSale();
        Live live = connectWithSnapshot(eventId);
        long base = live.view().version();
        // Ten messages published back to back by one script, as a flash crowd would: versions base+1..base+10.
        redis.execute("EVAL", """
                for i = 1, 10 do
                  redis.call('PUBLISH', KEYS[1], cjson.encode({ v = tonumber(ARGV[1]) + i, seats = { ['1'] = { i - 1 } } }))
                end
                return 10""", "1", EventKeys.of(UUID.fromString(eventId)).feed(), Long.toString(base));

        await().atMost(Duration.ofSeconds(10)).until(() -> live.view().version() == base + 10);
        assertTrue(live.view().problems().isEmpty(), live.view().problems().toString());
        assertTrue(live.view().deltas.size() < 10, "expected coalesced frames, got " + live.view().deltas);
        assertEquals("HELD", live.view().seat("ORCH-A-10"));
        live.connection().closeAndAwait();
    }

    @Test
    void anExpiredHoldIsSentAsAvailable() {
        String eventId = event().rows(1).seatsPerRow(4).onSale();
        Live live = connectWithSnapshot(eventId);
        UUID id = UUID.fromString(eventId);
        EventLayout layout = layouts.get(id).await().atMost(Duration.ofSeconds(5));
        // The API's holds last bookit.holds.ttl (10 minutes in tests); the inventory takes any TTL.
        inventory.hold(layout, HoldId.next(id), UUID.randomUUID(), SeatInventory.Request.seats(List.of(2)), 300, "")
                .await().atMost(Duration.ofSeconds(5));
        awaitSeat(live, "ORCH-A-3", "HELD");
        awaitSeat(live, "ORCH-A-3", "AVAILABLE");
        assertConsistentAndClose(eventId, live);
    }

    @Test
    void aRebuiltStateSendsEveryoneAFreshSnapshot() {
        String eventId = event().rows(1).seatsPerRow(4).onSale();
        EventKeys keys = EventKeys.of(UUID.fromString(eventId));
        redis.key().del(keys.state().toArray(String[]::new));
        // The first socket finds no state: its snapshot read rebuilds it from PostgreSQL (and the rebuild's reset
        // message on the feed makes it read again).
        Live live = connect(eventId);
        await().atMost(Duration.ofSeconds(10)).until(() -> live.view().snapshots() >= 1);
        Fixtures.holdSeats(Fixtures.attendee(), eventId, "ORCH-A-1");
        awaitSeat(live, "ORCH-A-1", "HELD");

        int before = live.view().snapshots();
        redis.key().del(keys.state().toArray(String[]::new)); // holds are ephemeral: a rebuild frees A-1
        given().get("/api/events/" + eventId + "/seats").then().statusCode(200); // rebuilds, publishes a reset
        await().atMost(Duration.ofSeconds(10)).until(() -> live.view().snapshots() > before);
        awaitSeat(live, "ORCH-A-1", "AVAILABLE");
        Fixtures.holdSeats(Fixtures.attendee(), eventId, "ORCH-A-2");
        awaitSeat(live, "ORCH-A-2", "HELD");
        assertConsistentAndClose(eventId, live);
    }

    @Test
    void theSnapshotCarriesTheSalesEndAndEverySocketGetsAFreshOneWhenTheSaleOpensOrEnds() {
        Fixtures.Account organizer = Fixtures.organizer();
        String eventId = Fixtures.event(organizer).rows(1).seatsPerRow(4).maxPerOrder(6).onSale();
        String startsAt = given().get("/api/events/" + eventId).then().extract().path("startsAt");
        Live live = connectWithSnapshot(eventId);
        assertEquals(true, live.view().onSale());
        assertEquals(startsAt, live.view().salesEndAt());

        // a new sales end reaches open sockets at once; when it passes, onSale: false does too
        Instant end = Instant.now().plusMillis(2_000).truncatedTo(ChronoUnit.MILLIS);
        Fixtures.endSalesAt(organizer, eventId, end);
        await().atMost(Duration.ofSeconds(10)).until(() -> end.toString().equals(live.view().salesEndAt()));
        await().atMost(Duration.ofSeconds(10)).until(() -> Boolean.FALSE.equals(live.view().onSale()));
        assertFalse(Instant.now().isBefore(end), "onSale: false before the sales end");
        Live late = connectWithSnapshot(eventId);
        assertEquals(false, late.view().onSale());

        Fixtures.endSalesAt(organizer, eventId, Instant.parse(startsAt)); // the owner reopens the sale
        await().atMost(Duration.ofSeconds(10)).until(() -> Boolean.TRUE.equals(live.view().onSale())
                && Boolean.TRUE.equals(late.view().onSale()));
        Fixtures.holdSeats(Fixtures.attendee(), eventId, "ORCH-A-1");
        awaitSeat(live, "ORCH-A-1", "HELD");
        assertConsistentAndClose(eventId, late);
        assertConsistentAndClose(eventId, live);
    }

    @Test
    void aRefundIsSentAsItsPlacesComingBackOnSale() {
        Fixtures.Account buyer = Fixtures.attendee();
        String eventId = event().rows(1).seatsPerRow(4).standing(5).onSale();
        String seated = Fixtures.order(buyer, Fixtures.holdSeats(buyer, eventId, "ORCH-A-2")).then().statusCode(201)
                .extract().path("id");
        String ga = Fixtures.order(buyer, Fixtures.hold(buyer, eventId, Map.of("section", "PIT", "quantity", 2))
                .then().statusCode(201).extract().path("id")).then().statusCode(201).extract().path("id");
        Live live = connectWithSnapshot(eventId);
        assertEquals("SOLD", live.view().seat("ORCH-A-2"));

        buyer.as().post("/api/orders/" + seated + "/cancel").then().statusCode(200);
        buyer.as().post("/api/orders/" + ga + "/cancel").then().statusCode(200);
        awaitSeat(live, "ORCH-A-2", "AVAILABLE");
        await().atMost(Duration.ofSeconds(20)).until(() -> Integer.valueOf(5).equals(live.view().area("PIT")));
        assertEquals(1, live.view().snapshots(), "deltas, not snapshots");
        assertConsistentAndClose(eventId, live);
    }

    @Test
    void aVersionMissingFromTheFeedIsMadeGoodWithAFreshSnapshot() {
        String eventId = event().rows(1).seatsPerRow(4).onSale();
        Live live = connectWithSnapshot(eventId);
        // a change whose feed message never arrived: the version moved on without a message
        redis.hash(String.class).hincrby(EventKeys.of(UUID.fromString(eventId)).meta(), "ver", 1);
        Fixtures.holdSeats(Fixtures.attendee(), eventId, "ORCH-A-3"); // its message shows the gap

        await().atMost(Duration.ofSeconds(20)).until(() -> live.view().snapshots() == 2);
        awaitSeat(live, "ORCH-A-3", "HELD");
        assertConsistentAndClose(eventId, live);
    }

    @Test
    void aLostFeedClosesItsSocketsWith1011AndAReconnectGetsANewFeed() {
        String eventId = event().rows(1).seatsPerRow(4).onSale();
        Live live = connectWithSnapshot(eventId);
        // the app's feed subscriptions are the only pub/sub connections on this run's own Redis database
        String db = URI.create(redisHosts).getPath().substring(1);
        String clients = redis.execute("CLIENT", "LIST", "TYPE", "pubsub").toString();
        List<String> feeds = clients.lines().filter(line -> line.contains(" db=" + db + " "))
                .map(line -> line.substring(3, line.indexOf(' '))).toList();
        assertFalse(feeds.isEmpty(), clients);
        feeds.forEach(id -> redis.execute("CLIENT", "KILL", "ID", id));

        await().atMost(Duration.ofSeconds(20)).until(() -> live.closed().get() != null);
        assertEquals(1011, live.closed().get().getCode());
        Live again = connectWithSnapshot(eventId);
        Fixtures.holdSeats(Fixtures.attendee(), eventId, "ORCH-A-4");
        awaitSeat(again, "ORCH-A-4", "HELD");
        assertConsistentAndClose(eventId, again);
    }

    @Test
    void resyncAnswersWithAFreshSnapshot() {
        String eventId = event().rows(1).seatsPerRow(4).onSale();
        Live live = connectWithSnapshot(eventId);
        Fixtures.holdSeats(Fixtures.attendee(), eventId, "ORCH-A-1");
        awaitSeat(live, "ORCH-A-1", "HELD");
        long version = live.view().version();

        live.connection().sendTextAndAwait("{\"type\":\"resync\"}");
        await().atMost(Duration.ofSeconds(10)).until(() -> live.view().snapshots() == 2);
        assertEquals(version, live.view().version());
        assertEquals("HELD", live.view().seat("ORCH-A-1"));
        live.connection().closeAndAwait();
    }

    @Test
    void aClientThatStopsReadingSkipsDeltasAndThenGetsAFreshSnapshot() throws Exception {
        // snapshots of ~180 KB fill the socket buffers quickly
        String eventId = event().rows(20).seatsPerRow(100).onSale();
        LiveView view = new LiveView();
        AtomicBoolean reading = new AtomicBoolean(true);
        WebSocket socket = view.open(baseUri, eventId, reading::get);
        await().atMost(Duration.ofSeconds(10)).until(() -> view.snapshots() == 1);
        double laggingBefore = lagging();

        reading.set(false); // the client stops reading; the server must not queue without bound
        for (int i = 0; i < 150 && lagging() == laggingBefore; i++) {
            socket.sendText("{\"type\":\"resync\"}", true).get(10, TimeUnit.SECONDS);
        }
        assertTrue(lagging() > laggingBefore, "the server never gave up on the slow client");
        Fixtures.holdSeats(Fixtures.attendee(), eventId, "ORCH-A-1"); // a delta the slow client skips

        reading.set(true);
        socket.request(1);
        await().atMost(Duration.ofSeconds(20)).until(() -> "HELD".equals(view.seat("ORCH-A-1")));
        assertTrue(view.problems().isEmpty(), view.problems().toString());
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
    }

    private static double lagging() {
        return Metrics.sum("bookit_seatmap_live_lagging_total");
    }

    @Test
    void badClientFramesGetAnErrorFrameAndTheSocketStaysUsable() {
        String eventId = event().rows(1).seatsPerRow(4).onSale();
        Live live = connectWithSnapshot(eventId);
        live.connection().sendTextAndAwait("not json");
        live.connection().sendTextAndAwait("{\"type\":\"subscribe\"}");
        live.connection().sendTextAndAwait("[1,2]");
        live.connection().sendBinaryAndAwait(new byte[] {1, 2, 3});
        await().atMost(Duration.ofSeconds(10)).until(() -> live.view().errorCount() == 4);

        live.connection().sendTextAndAwait("{\"type\":\"resync\"}");
        await().atMost(Duration.ofSeconds(10)).until(() -> live.view().snapshots() == 2);
        assertTrue(live.connection().isOpen());
        live.connection().closeAndAwait();
    }

    @Test
    void anUpgradeForAnUnknownDraftOrMalformedEventIsAnswered404AndNeverBecomesASocket() {
        Fixtures.Account organizer = Fixtures.organizer();
        String venueId = Fixtures.venue(organizer, 1, 4, 0);
        String draftId = organizer.as().body(Fixtures.eventBody(venueId, true, false, 4)).post("/api/events")
                .then().statusCode(201).extract().path("id");
        for (String id : List.of(UUID.randomUUID().toString(), draftId, "not-an-id")) {
            upgrade(id, Map.of()).then().statusCode(404).contentType("application/problem+json")
                    .body("type", equalTo("https://bookit.dev/problems/not-found"));
            assertThrows(RuntimeException.class, () -> connect(id), id);
        }
    }

    /** A WebSocket upgrade request as a browser sends it, answered as plain HTTP (for the refusals). */
    static Response upgrade(String eventId, Map<String, String> headers) {
        return given().header("Connection", "Upgrade").header("Upgrade", "websocket")
                .header("Sec-WebSocket-Version", "13").header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
                .headers(headers).get("/api/events/" + eventId + "/seats/live");
    }

    @Test
    void subscribesToTheFeedOncePerEventAndUnsubscribesAfterTheLastSocket() {
        String eventId = event().rows(1).seatsPerRow(4).onSale();
        String channel = EventKeys.of(UUID.fromString(eventId)).feed();
        double connections = Metrics.sum("bookit_seatmap_live_connections");
        Live first = connectWithSnapshot(eventId);
        Live second = connectWithSnapshot(eventId);
        assertEquals(1, subscribers(channel));
        assertEquals(connections + 2, Metrics.sum("bookit_seatmap_live_connections"));

        first.connection().closeAndAwait();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> Metrics.sum("bookit_seatmap_live_connections") == connections + 1);
        Fixtures.holdSeats(Fixtures.attendee(), eventId, "ORCH-A-4");
        awaitSeat(second, "ORCH-A-4", "HELD");
        assertEquals(1, subscribers(channel));

        second.connection().closeAndAwait();
        await().atMost(Duration.ofSeconds(10)).until(() -> subscribers(channel) == 0);
    }

    /** An event to put on sale in a fresh organizer's venue, up to 6 places an order. */
    static Fixtures.EventSpec event() {
        return Fixtures.event(Fixtures.organizer()).maxPerOrder(6);
    }

    static void awaitSeat(Live live, String seat, String status) {
        await().atMost(Duration.ofSeconds(20)).until(() -> status.equals(live.view().seat(seat)));
    }

    static void assertConsistentAndClose(String eventId, Live live) {
        assertViewEqualsRestSeatMap(eventId, live.view());
        assertTrue(live.view().problems().isEmpty(), live.view().problems().toString());
        live.connection().closeAndAwait();
    }

    private long subscribers(String channel) {
        return redis.execute("PUBSUB", "NUMSUB", channel).get(1).toLong();
    }

    static void assertViewEqualsRestSeatMap(String eventId, LiveView view) {
        Map<String, Object> map = given().get("/api/events/" + eventId + "/seats").then().statusCode(200)
                .extract().jsonPath().getMap("$");
        Map<String, String> seats = new HashMap<>();
        for (Object seat : (List<?>) map.get("seats")) {
            seats.put((String) ((Map<?, ?>) seat).get("id"), (String) ((Map<?, ?>) seat).get("status"));
        }
        Map<String, Integer> areas = new HashMap<>();
        for (Object area : (List<?>) map.get("areas")) {
            areas.put((String) ((Map<?, ?>) area).get("section"), (Integer) ((Map<?, ?>) area).get("available"));
        }
        synchronized (view) {
            assertEquals(((Number) map.get("version")).longValue(), view.version, "version");
            assertEquals(seats, view.seats, "seats");
            assertEquals(areas, view.areas, "areas");
        }
    }
}
