package io.bookit.seating;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bookit.support.Fixtures;
import io.bookit.support.Parallel;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CompactSeatMapTest {

    @TestHTTPResource("/")
    URI baseUri;

    @Test
    void compactStatusesDecodeToTheJsonSeatMapOfTheSameVersion() {
        Fixtures.Account organizer = Fixtures.organizer();
        Fixtures.Account buyer = Fixtures.attendee();
        String eventId = Fixtures.event(organizer).rows(3).seatsPerRow(7).standing(50).maxPerOrder(6)
                .onSale(); // 21 seats: the last byte is partly padding
        Fixtures.holdSeats(buyer, eventId, "ORCH-A-1", "ORCH-C-7");
        Fixtures.buySeats(buyer, eventId, "ORCH-B-4", "ORCH-B-5");
        Fixtures.hold(buyer, eventId, Map.of("section", "PIT", "quantity", 3)).then().statusCode(201);

        List<String> order = CompactSeats.layoutOrder(eventId);
        assertEquals(21, order.size());
        assertEquals("ORCH-A-1", order.get(0));
        CompactSeats.View json = CompactSeats.json(eventId);
        CompactSeats.View compact = CompactSeats.compact(order, eventId);
        assertEquals(json, compact);
        assertEquals("HELD", compact.seats().get("ORCH-C-7"));
        assertEquals("SOLD", compact.seats().get("ORCH-B-5"));
        assertEquals(47, compact.areas().get("PIT"));
        CompactSeats.plain().get("/api/events/" + eventId + "/seats?view=compact").then()
                .body("eventId", equalTo(eventId)).body("encoding", equalTo("status2"));
    }

    @Test
    void concurrentHoldsAndSalesKeepTheCompactMapEqualToTheJsonMapAtEveryVersion() throws Exception {
        Fixtures.Account organizer = Fixtures.organizer();
        String eventId = Fixtures.event(organizer).rows(2).seatsPerRow(20).standing(100).maxPerOrder(6).onSale();
        List<String> order = CompactSeats.layoutOrder(eventId);
        List<Fixtures.Account> buyers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            buyers.add(Fixtures.attendee());
        }
        // Racers together: 8 buyers hold (half of them buy) while 8 readers read both forms as fast as they can.
        List<List<CompactSeats.View>> reads = Parallel.run(16, index -> {
            if (index < 8) {
                Fixtures.Account buyer = buyers.get(index);
                String row = Fixtures.rowLabel(index % 2);
                String hold = Fixtures.holdSeats(buyer, eventId, "ORCH-" + row + "-" + (index + 1),
                        "ORCH-" + row + "-" + (index + 11));
                Fixtures.hold(buyer, eventId, Map.of("section", "PIT", "quantity", 2)).then().statusCode(201);
                if (index % 2 == 0) {
                    Fixtures.order(buyer, hold).then().statusCode(201);
                }
                return List.of();
            }
            List<CompactSeats.View> views = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                views.add(index % 2 == 0 ? CompactSeats.compact(order, eventId) : CompactSeats.json(eventId));
            }
            return views;
        });
        List<CompactSeats.View> all = reads.stream().flatMap(List::stream).toList();
        for (CompactSeats.View a : all) {
            for (CompactSeats.View b : all) {
                if (a.version() == b.version()) {
                    assertEquals(a, b, "two reads of version " + a.version());
                }
            }
        }
        CompactSeats.View json = CompactSeats.json(eventId);
        CompactSeats.View compact = CompactSeats.compact(order, eventId);
        assertEquals(json, compact);
        assertEquals(84, compact.areas().get("PIT"));
        assertEquals(16, compact.seats().values().stream().filter(s -> !s.equals("AVAILABLE")).count());
    }

    @Test
    void theLayoutIsImmutableWithAStrongETagAndAnswers304() throws Exception {
        Fixtures.Account organizer = Fixtures.organizer();
        String eventId = Fixtures.event(organizer).rows(2).seatsPerRow(5).standing(30).maxPerOrder(6).onSale();
        String path = "/api/events/" + eventId + "/layout";
        String etag = CompactSeats.plain().get(path).then().statusCode(200)
                .header("Cache-Control", "public, max-age=31536000, immutable")
                .header("ETag", startsWith("\"")).contentType("application/json")
                .body("eventId", equalTo(eventId)).body("seats[6].id", equalTo("ORCH-B-2"))
                .body("seats[6].price", not(equalTo(null))).body("seats[6].status", equalTo(null))
                .body("areas[0].section", equalTo("PIT")).body("areas[0].capacity", equalTo(30))
                .extract().header("ETag");
        assertEquals(etag, CompactSeats.plain().get(path).header("ETag"));
        CompactSeats.plain().header("If-None-Match", etag).get(path).then().statusCode(304)
                .header("ETag", etag).header("Cache-Control", "public, max-age=31536000, immutable");

        HttpResponse<byte[]> gzipped = get(path, Map.of("Accept-Encoding", "gzip"));
        assertEquals(200, gzipped.statusCode());
        assertEquals("gzip", gzipped.headers().firstValue("Content-Encoding").orElse(""));
        String layout = new String(gunzip(gzipped.body()));
        assertTrue(layout.contains("\"ORCH-B-2\""), layout.substring(0, Math.min(200, layout.length())));
        assertEquals(304, get(path, Map.of("Accept-Encoding", "gzip", "If-None-Match", etag)).statusCode());
    }

    @Test
    void theLayoutOfADraftIsItsOwnersOnlyAndUnknownEventsAre404() {
        Fixtures.Account organizer = Fixtures.organizer();
        String venueId = Fixtures.venue(organizer, 1, 4, 0);
        String draftId = organizer.as().body(Fixtures.eventBody(venueId, true, false, 4)).post("/api/events")
                .then().statusCode(201).extract().path("id");
        organizer.as().get("/api/events/" + draftId + "/layout").then().statusCode(200)
                .header("Cache-Control", "private, no-cache").body("seats.size()", equalTo(4));
        organizer.as().get("/api/events/" + draftId + "/seats?view=compact").then().statusCode(200)
                .header("Cache-Control", "private, no-cache").body("version", equalTo(0)).body("statuses", equalTo("AA=="));
        organizer.as().get("/api/events/" + draftId + "/seats").then().statusCode(200)
                .header("Cache-Control", "private, no-cache").body("version", equalTo(0));
        for (String id : List.of(draftId, UUID.randomUUID().toString())) {
            given().get("/api/events/" + id + "/layout").then().statusCode(404).contentType("application/problem+json");
            Fixtures.attendee().as().get("/api/events/" + id + "/layout").then().statusCode(404);
            given().get("/api/events/" + id + "/seats?view=compact").then().statusCode(404);
        }
    }

    @Test
    void bothSeatMapsHaveAnETagPerVersionEncodedOnce() {
        Fixtures.Account organizer = Fixtures.organizer();
        String eventId = Fixtures.event(organizer).rows(1).seatsPerRow(8).maxPerOrder(6).onSale();
        String seats = "/api/events/" + eventId + "/seats";
        Map<String, String> etags = new java.util.HashMap<>();
        for (String path : List.of(seats + "?view=compact", seats)) {
            String etag = CompactSeats.plain().get(path).then().statusCode(200).header("Cache-Control", "no-cache")
                    .extract().header("ETag");
            assertEquals(etag, CompactSeats.plain().get(path).header("ETag"), "one encoding per version: " + path);
            CompactSeats.plain().header("If-None-Match", etag).get(path).then().statusCode(304).header("ETag", etag);
            etags.put(path, etag);
        }
        assertNotEquals(etags.get(seats), etags.get(seats + "?view=compact"));

        Fixtures.holdSeats(Fixtures.attendee(), eventId, "ORCH-A-3");
        etags.forEach((path, etag) -> CompactSeats.plain().header("If-None-Match", etag).get(path).then()
                .statusCode(200).header("ETag", not(equalTo(etag))));
        CompactSeats.plain().get(seats).then().body("seats[2].status", equalTo("HELD"));
    }

    @Test
    void anUnknownViewIs400AndTheJsonMapStaysAsItWas() {
        String eventId = Fixtures.event(Fixtures.organizer()).rows(1).seatsPerRow(3).maxPerOrder(6).onSale();
        given().get("/api/events/" + eventId + "/seats?view=bits").then().statusCode(400)
                .contentType("application/problem+json").body("type", equalTo("https://bookit.dev/problems/unknown-view"));
        CompactSeats.plain().get("/api/events/" + eventId + "/seats").then().statusCode(200)
                .body("seats[0].status", equalTo("AVAILABLE")).body("onSale", equalTo(true))
                .body("statuses", equalTo(null));
    }

    @Test
    void aStadiumSeatMapIsGzippedForClientsThatAcceptItAndSmallAnswersAreNot() throws Exception {
        String eventId = Fixtures.event(Fixtures.organizer()).rows(100).seatsPerRow(200).maxPerOrder(6).onSale();
        HttpResponse<byte[]> map = get("/api/events/" + eventId + "/seats", Map.of("Accept-Encoding", "gzip"));
        assertEquals(200, map.statusCode());
        assertEquals("gzip", map.headers().firstValue("Content-Encoding").orElse(""));
        byte[] json = gunzip(map.body());
        assertTrue(json.length > 1_000_000, "JSON of 20,000 seats: " + json.length);
        assertTrue(map.body().length < json.length / 10, "gzipped " + map.body().length + " of " + json.length);

        String small = Fixtures.event(Fixtures.organizer()).rows(1).seatsPerRow(3).maxPerOrder(6).onSale();
        HttpResponse<byte[]> smallMap = get("/api/events/" + small + "/seats", Map.of("Accept-Encoding", "gzip"));
        assertEquals(200, smallMap.statusCode());
        assertFalse(smallMap.headers().firstValue("Content-Encoding").orElse("identity").contains("gzip"));
        HttpResponse<byte[]> event = get("/api/events/" + small, Map.of("Accept-Encoding", "gzip"));
        assertEquals(200, event.statusCode());
        assertFalse(event.headers().firstValue("Content-Encoding").orElse("identity").contains("gzip"));
    }

    @Test
    void theLiveCompactSnapshotDecodesToTheJsonSeatMapAndDeltasStayAsTheyWere() throws Exception {
        Fixtures.Account buyer = Fixtures.attendee();
        String eventId = Fixtures.event(Fixtures.organizer()).rows(2).seatsPerRow(6).standing(20).maxPerOrder(6)
                .onSale();
        Fixtures.holdSeats(buyer, eventId, "ORCH-A-2");
        Fixtures.buySeats(buyer, eventId, "ORCH-B-6");
        Fixtures.hold(buyer, eventId, Map.of("section", "PIT", "quantity", 4)).then().statusCode(201);
        List<String> order = CompactSeats.layoutOrder(eventId);
        CompactSeats.View json = CompactSeats.json(eventId);

        BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
        URI uri = URI.create(baseUri.resolve("/api/events/" + eventId + "/seats/live?view=compact").toString()
                .replaceFirst("^http", "ws"));
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, new WebSocket.Listener() {
            final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    frames.add(new JsonObject(text.toString()));
                    text.setLength(0);
                }
                webSocket.request(1);
                return null;
            }
        }).get(10, TimeUnit.SECONDS);
        try {
            JsonObject snapshot = frames.poll(10, TimeUnit.SECONDS);
            assertEquals("snapshot", snapshot.getString("type"));
            assertFalse(snapshot.containsKey("seats"));
            assertEquals("status2", snapshot.getString("encoding"));
            assertEquals(true, snapshot.getBoolean("onSale"));
            Map<String, Integer> areas = new java.util.HashMap<>();
            snapshot.getJsonArray("areas").forEach(a -> areas.put(((JsonObject) a).getString("section"),
                    ((JsonObject) a).getInteger("available")));
            assertEquals(json, new CompactSeats.View(snapshot.getLong("version"),
                    CompactSeats.decode(order, snapshot.getString("statuses")), areas));

            Fixtures.holdSeats(buyer, eventId, "ORCH-A-5");
            JsonObject delta = frames.poll(10, TimeUnit.SECONDS);
            assertEquals("delta", delta.getString("type"));
            assertEquals(json.version() + 1, delta.getLong("fromVersion"));
            assertEquals(new JsonObject().put("id", "ORCH-A-5").put("status", "HELD"),
                    delta.getJsonArray("changes").getJsonObject(0));
        } finally {
            socket.abort();
        }
        given().get("/api/events/" + eventId + "/seats/live?view=bits").then().statusCode(400)
                .contentType("application/problem+json").body("type", equalTo("https://bookit.dev/problems/unknown-view"));
    }

    @Test
    void theApiDocumentDescribesTheSeatMapsAndTheLayout() {
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("paths.'/api/events/{id}/seats'.get.responses.'200'.content.'application/json'.schema.oneOf.'$ref'",
                        hasItems(containsString("SeatMap"), containsString("CompactSeatMap")))
                .body("paths.'/api/events/{id}/layout'.get.responses.'200'.content.'application/json'.schema.'$ref'",
                        containsString("Layout"));
    }

    private HttpResponse<byte[]> get(String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(baseUri.resolve(path));
        headers.forEach(request::header);
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static byte[] gunzip(byte[] bytes) throws Exception {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return in.readAllBytes();
        }
    }
}
