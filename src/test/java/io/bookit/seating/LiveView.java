package io.bookit.seating;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;

/**
 * A live seat map client's view, as a frontend keeps it: the last snapshot with every delta applied. Records what a
 * correct client would object to (a delta before any snapshot, a gap or overlap in versions).
 */
final class LiveView {

    long version = -1;
    int snapshots;
    long lastSnapshotAt; // System.nanoTime()
    Boolean onSale;
    String salesEndAt;
    final List<JsonObject> deltas = new ArrayList<>();
    final List<JsonObject> errors = new ArrayList<>();
    final List<String> problems = new ArrayList<>();
    final Map<String, String> seats = new HashMap<>();
    final Map<String, Integer> areas = new HashMap<>();

    /**
     * Opens {@code /api/events/{id}/seats/live} with the JDK client (usable outside a Quarkus test), feeding this view.
     * The client reads on while {@code reading} says so; then it stops taking frames until {@code request(1)}.
     */
    WebSocket open(URI httpBase, String eventId, BooleanSupplier reading) throws Exception {
        return open(httpBase, eventId, reading, code -> {
        });
    }

    /** The same; {@code closed} is told the close code when the server closes the socket. */
    WebSocket open(URI httpBase, String eventId, BooleanSupplier reading, IntConsumer closed) throws Exception {
        URI uri = URI.create(httpBase.resolve("/api/events/" + eventId + "/seats/live").toString().replaceFirst("^http", "ws"));
        return HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, new WebSocket.Listener() {
            final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    accept(text.toString());
                    text.setLength(0);
                }
                if (reading.getAsBoolean()) {
                    socket.request(1);
                }
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
                closed.accept(statusCode);
                return null;
            }
        }).get(10, TimeUnit.SECONDS);
    }

    synchronized void accept(String text) {
        JsonObject frame = new JsonObject(text);
        switch (frame.getString("type")) {
            case "snapshot" -> {
                snapshots++;
                lastSnapshotAt = System.nanoTime();
                version = frame.getLong("version");
                onSale = frame.getBoolean("onSale");
                salesEndAt = frame.getString("salesEndAt");
                seats.clear();
                areas.clear();
                frame.getJsonArray("seats").forEach(s -> seats.put(((JsonObject) s).getString("id"), ((JsonObject) s).getString("status")));
                applyAreas(frame.getJsonArray("areas"));
            }
            case "delta" -> {
                deltas.add(frame);
                if (version < 0) {
                    problems.add("delta before snapshot: " + text);
                } else if (frame.getLong("fromVersion") != version + 1) {
                    problems.add("expected fromVersion " + (version + 1) + ": " + text);
                }
                version = frame.getLong("version");
                frame.getJsonArray("changes").forEach(c -> seats.put(((JsonObject) c).getString("id"), ((JsonObject) c).getString("status")));
                applyAreas(frame.getJsonArray("areas"));
            }
            case "error" -> errors.add(frame);
            default -> problems.add("unknown frame " + text);
        }
    }

    private void applyAreas(JsonArray list) {
        list.forEach(a -> areas.put(((JsonObject) a).getString("section"), ((JsonObject) a).getInteger("available")));
    }

    synchronized String seat(String id) {
        return seats.get(id);
    }

    synchronized Integer area(String section) {
        return areas.get(section);
    }

    synchronized long version() {
        return version;
    }

    synchronized Boolean onSale() {
        return onSale;
    }

    synchronized String salesEndAt() {
        return salesEndAt;
    }

    synchronized long lastSnapshotAt() {
        return lastSnapshotAt;
    }

    synchronized int snapshots() {
        return snapshots;
    }

    synchronized int errorCount() {
        return errors.size();
    }

    synchronized List<String> problems() {
        return List.copyOf(problems);
    }
}
