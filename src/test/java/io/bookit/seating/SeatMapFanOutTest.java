package io.bookit.seating;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bookit.support.Fixtures;
import io.bookit.support.Metrics;
import io.bookit.support.Parallel;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The live seat map's fan-out with many sockets on one event: every socket gets the same frames (encoded once,
 * written on the socket's own event loop), a socket that stops reading costs at most {@code max-in-flight} frames
 * (8 in tests) and later gets a fresh snapshot, and compact sockets get the compact snapshot when it is smaller than
 * the delta.
 */
@QuarkusTest
@TestProfile(SeatMapFanOutTest.ManySockets.class)
class SeatMapFanOutTest {

    /** Hundreds of sockets from 127.0.0.1: the cap per address is raised. */
    public static class ManySockets implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("bookit.live.max-subscribers-per-address", "5000");
        }
    }

    static final int SUBSCRIBERS = 300;

    @TestHTTPResource("/")
    URI baseUri;

    @Inject
    Vertx vertx;

    private final List<WebSocket> open = new ArrayList<>();
    private WebSocketClient client;

    @AfterEach
    void closeAll() {
        open.forEach(socket -> socket.close());
        if (client != null) {
            client.close();
        }
    }

    /** A compact client's view: the decoded statuses with every delta applied; gaps recorded. */
    static final class CompactView {
        final List<String> order;
        long version = -1;
        int snapshots;
        final Map<String, String> seats = new HashMap<>();
        final List<String> problems = new ArrayList<>();

        CompactView(List<String> order) {
            this.order = order;
        }

        synchronized void accept(String text) {
            JsonObject frame = new JsonObject(text);
            switch (frame.getString("type")) {
                case "snapshot" -> {
                    if (frame.getLong("version") < version) {
                        problems.add("snapshot went back from " + version + ": " + frame.getLong("version"));
                    }
                    snapshots++;
                    version = frame.getLong("version");
                    seats.clear();
                    seats.putAll(CompactSeats.decode(order, frame.getString("statuses")));
                }
                case "delta" -> {
                    if (version < 0 || frame.getLong("fromVersion") != version + 1) {
                        problems.add("gap after " + version + ": " + frame.getLong("fromVersion"));
                    }
                    version = frame.getLong("version");
                    frame.getJsonArray("changes").forEach(change -> seats.put(((JsonObject) change).getString("id"),
                            ((JsonObject) change).getString("status")));
                }
                default -> problems.add("unexpected " + text);
            }
        }

        synchronized long version() {
            return version;
        }

        synchronized Map<String, String> seats() {
            return Map.copyOf(seats);
        }
    }

    private WebSocket connect(String eventId, CompactView view) {
        if (client == null) {
            client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(10_000).setMaxFrameSize(1 << 20)
                    .setMaxMessageSize(1 << 22));
        }
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(baseUri.getHost())
                .setPort(baseUri.getPort()).setURI("/api/events/" + eventId + "/seats/live?view=compact");
        // connected from an event-loop context, the handler is set before the first frame can arrive (it would be lost)
        CompletableFuture<WebSocket> opened = new CompletableFuture<>();
        vertx.getOrCreateContext().runOnContext(ignored -> client.connect(options).onComplete(result -> {
            if (result.succeeded()) {
                result.result().textMessageHandler(view::accept);
                opened.complete(result.result());
            } else {
                opened.completeExceptionally(result.cause());
            }
        }));
        WebSocket socket = opened.join();
        open.add(socket);
        return socket;
    }

    @Test
    void framesAreWrittenAsEncodedBytesOnTheVertxSocket() {
        assertTrue(SocketWriter.direct(), "WebSocketConnectionBase.webSocket() is gone: frames fall back to one encoding a socket");
    }

    @Test
    void manySocketsStayExactWhileOneThatNeverReadsIsCappedAndThenGetsAFreshSnapshot() throws Exception {
        Fixtures.Account organizer = Fixtures.organizer();
        String eventId = Fixtures.event(organizer).rows(20).seatsPerRow(100).maxPerOrder(6)
                .onSale(); // JSON snapshots of ~180 KB
        List<String> order = CompactSeats.layoutOrder(eventId);
        List<CompactView> views = new ArrayList<>();
        for (int i = 0; i < SUBSCRIBERS; i++) {
            CompactView view = new CompactView(order);
            views.add(view);
            connect(eventId, view);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> views.stream().allMatch(view -> view.version() >= 0));

        // the slow one: a JSON socket that stops reading after its first snapshot
        LiveView slow = new LiveView();
        AtomicBoolean reading = new AtomicBoolean(true);
        java.net.http.WebSocket slowSocket = slow.open(baseUri, eventId, reading::get);
        await().atMost(Duration.ofSeconds(10)).until(() -> slow.snapshots() == 1);
        reading.set(false);
        double laggingBefore = Metrics.sum("bookit_seatmap_live_lagging_total");
        for (int i = 0; i < 150 && Metrics.sum("bookit_seatmap_live_lagging_total") == laggingBefore; i++) {
            slowSocket.sendText("{\"type\":\"resync\"}", true).get(10, TimeUnit.SECONDS); // ~180 KB each, unread
        }
        assertTrue(Metrics.sum("bookit_seatmap_live_lagging_total") > laggingBefore, "the slow socket never lagged");

        // 8 buyers hold and release seats of their own, many frames, while the slow socket reads nothing
        List<Fixtures.Account> buyers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            buyers.add(Fixtures.attendee());
        }
        Parallel.run(8, index -> {
            for (int round = 0; round < 15; round++) {
                String seat = "ORCH-" + Fixtures.rowLabel(index) + "-" + (round + 1);
                String hold = Fixtures.holdSeats(buyers.get(index), eventId, seat);
                if (round % 3 != 0) {
                    buyers.get(index).as().delete("/api/holds/" + hold).then().statusCode(204);
                }
            }
            return List.of();
        });
        CompactSeats.View truth = CompactSeats.json(eventId);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> views.stream().allMatch(view -> view.version() == truth.version()));
        for (CompactView view : views) {
            assertTrue(view.problems.isEmpty(), view.problems.toString());
            assertEquals(truth.seats(), view.seats());
        }
        // everyone else is written out: what is still queued is the slow socket's, at most max-in-flight frames
        double inFlight = Metrics.sum("bookit_seatmap_live_in_flight");
        assertTrue(inFlight <= 8, "frames queued for sockets: " + inFlight);
        assertTrue(slow.version() < truth.version(), "the slow socket read nothing meanwhile");

        reading.set(true);
        slowSocket.request(1);
        await().atMost(Duration.ofSeconds(30)).until(() -> slow.version() == truth.version());
        assertTrue(slow.snapshots() >= 2, "a fresh snapshot after the lag: " + slow.snapshots());
        assertTrue(slow.problems().isEmpty(), slow.problems().toString());
        truth.seats().forEach((seat, status) -> assertEquals(status, slow.seat(seat), seat));
        slowSocket.abort();
    }

    @Test
    void aDeltaLargerThanTheCompactSnapshotReachesCompactSocketsAsThatSnapshot() {
        Fixtures.Account organizer = Fixtures.organizer();
        String eventId = Fixtures.event(organizer).rows(1).seatsPerRow(40).maxPerOrder(20)
                .onSale(); // compact snapshot ~300 bytes
        List<String> order = CompactSeats.layoutOrder(eventId);
        CompactView compact = new CompactView(order);
        connect(eventId, compact);
        LiveView json = new LiveView();
        await().atMost(Duration.ofSeconds(10)).until(() -> compact.version() >= 0);
        try {
            json.open(baseUri, eventId, () -> true);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> json.snapshots() == 1);

        String[] seats = new String[20];
        for (int i = 0; i < seats.length; i++) {
            seats[i] = "ORCH-A-" + (i + 1); // one change of 20 seats: a delta of ~750 bytes
        }
        Fixtures.holdSeats(Fixtures.attendee(), eventId, seats);
        CompactSeats.View truth = CompactSeats.json(eventId);
        await().atMost(Duration.ofSeconds(10)).until(() -> compact.version() == truth.version()
                && json.version() == truth.version());
        assertEquals(2, compact.snapshots, "the compact socket got the change as a snapshot");
        assertEquals(truth.seats(), compact.seats());
        assertEquals(1, json.snapshots(), "the JSON socket got it as a delta");
        assertEquals("HELD", json.seat("ORCH-A-20"));
        assertTrue(compact.problems.isEmpty() && json.problems().isEmpty(), compact.problems + " " + json.problems());
    }
}
