package io.bookit.seating;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.bookit.support.Fixtures;
import io.bookit.support.TightLimits;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The caps on live seat map sockets, at the upgrade: per client address ({@link TightLimits}: 2) and in all (5). The
 * clients are told apart by {@code X-Forwarded-For}, which this profile trusts from 127.0.0.1.
 */
@QuarkusTest
@TestProfile(TightLimits.class)
class LiveLimitsTest {

    @TestHTTPResource("/")
    URI baseUri;

    private final List<WebSocket> open = new ArrayList<>();

    @AfterEach
    void closeAll() {
        open.forEach(WebSocket::abort);
    }

    @Test
    void socketsPerAddressAndInAllAreRefusedAtTheUpgradeAndAClosedOneFreesItsPlace() throws Exception {
        String eventId = Fixtures.event(Fixtures.organizer()).rows(1).seatsPerRow(4).maxPerOrder(4).onSale();
        WebSocket first = subscribe(eventId, "203.0.113.1");
        subscribe(eventId, "203.0.113.1");
        SeatMapSocketTest.upgrade(eventId, Map.of("X-Forwarded-For", "203.0.113.1")).then().statusCode(429)
                .contentType("application/problem+json").header("Retry-After", "10")
                .body("type", equalTo("https://bookit.dev/problems/too-many-connections"))
                .body("maxPerAddress", equalTo(TightLimits.LIVE_SUBSCRIBERS_PER_ADDRESS));

        subscribe(eventId, "203.0.113.2");
        subscribe(eventId, "203.0.113.2");
        subscribe(eventId, "203.0.113.3");
        assertThat(open).hasSize(TightLimits.LIVE_SUBSCRIBERS);
        SeatMapSocketTest.upgrade(eventId, Map.of("X-Forwarded-For", "203.0.113.4")).then().statusCode(503)
                .contentType("application/problem+json").header("Retry-After", "10")
                .body("type", equalTo("https://bookit.dev/problems/live-seat-map-full"));

        first.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(10, TimeUnit.SECONDS);
        open.remove(first);
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> subscribe(eventId, "203.0.113.4"));
    }

    /** Opens a live seat map as the client {@code forwardedFor} behind the proxy, and waits for its snapshot. */
    private WebSocket subscribe(String eventId, String forwardedFor) throws Exception {
        CompletableFuture<Void> snapshot = new CompletableFuture<>();
        URI uri = URI.create(baseUri.resolve("/api/events/" + eventId + "/seats/live").toString().replaceFirst("^http", "ws"));
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().header("X-Forwarded-For", forwardedFor)
                .buildAsync(uri, new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        snapshot.complete(null);
                        webSocket.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        open.add(socket);
        snapshot.get(10, TimeUnit.SECONDS);
        return socket;
    }
}
