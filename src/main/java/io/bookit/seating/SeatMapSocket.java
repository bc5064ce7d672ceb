package io.bookit.seating;

import io.quarkus.logging.Log;
import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;

/**
 * The live seat map, public like {@code GET /api/events/{id}/seats}: a snapshot, then deltas (docs/LIVE_SEAT_MAP.md).
 * <p>
 * {@code @OnOpen} does not return the snapshot: the event's {@link EventFeed} sends it, so that the snapshot and the
 * deltas after it leave through one thread in version order and many sockets share one read.
 */
@WebSocket(path = "/api/events/{id}/seats/live")
public class SeatMapSocket {

    private final LiveSeatMap live;

    SeatMapSocket(LiveSeatMap live) {
        this.live = live;
    }

    @OnOpen
    public Uni<Void> open(WebSocketConnection connection) {
        return live.join(connection);
    }

    @OnTextMessage
    public Uni<Void> message(String text, WebSocketConnection connection) {
        return live.received(connection, text);
    }

    @OnBinaryMessage
    public Uni<Void> binary(Buffer data, WebSocketConnection connection) {
        return live.error(connection, "bad-frame", "Binary frames are not supported; send JSON text frames");
    }

    @OnClose
    public void close(WebSocketConnection connection) {
        live.leave(connection);
    }

    @OnError
    public Uni<Void> error(Throwable failure, WebSocketConnection connection) {
        Log.debugf(failure, "Live seat map socket %s failed", connection.id());
        return connection.isOpen() ? live.error(connection, "internal", "The frame could not be handled")
                : Uni.createFrom().voidItem();
    }
}
