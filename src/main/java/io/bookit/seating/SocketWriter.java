package io.bookit.seating;

import io.quarkus.logging.Log;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketBase;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The frames an {@link EventFeed} writes to the sockets of one Vert.x event loop, written there in one task per batch
 * rather than one task per socket and frame: a feed decides on its own context who gets which frame, and every socket
 * is written on the event loop that owns it, where Netty writes at once instead of queueing a task per write.
 * <p>
 * A frame is encoded once (a {@link Buffer}) and the same bytes go to every socket: the payload of a WebSocket text
 * frame is written as is, not converted from a String per socket. WebSockets Next only sends Strings and objects
 * (a Buffer is turned into a String and back), so the frame is written on the Vert.x socket under the connection,
 * reached once per socket through the package-private {@code WebSocketConnectionBase.webSocket()}. Should a Quarkus
 * upgrade remove it, sockets fall back to {@code sendText(String)} (correct, one encoding per socket; logged once,
 * and {@code SeatMapFanOutTest} fails).
 */
final class SocketWriter {

    /** Frames longer than this are split into continuation frames (Vert.x's default maximum frame size). */
    static final int MAX_FRAME_BYTES = 65_536;

    private static final MethodHandle WEB_SOCKET = webSocketAccessor();

    /** One write: a frame for a socket; {@code receivedAt} (System.nanoTime) of its oldest feed message, or 0. */
    private record Write(EventFeed.Client client, Buffer data, long receivedAt) {
    }

    private final Context loop;
    private final LiveSeatMap.Metrics metrics;
    private final ConcurrentLinkedQueue<Write> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    SocketWriter(Context loop, LiveSeatMap.Metrics metrics) {
        this.loop = loop;
        this.metrics = metrics;
    }

    /** The Vert.x socket under the connection, or null when it cannot be reached (then frames go as Strings). */
    static WebSocketBase socketOf(WebSocketConnection connection) {
        if (WEB_SOCKET == null) {
            return null;
        }
        try {
            return (WebSocketBase) WEB_SOCKET.invoke(connection);
        } catch (Throwable e) {
            return null;
        }
    }

    static boolean direct() {
        return WEB_SOCKET != null;
    }

    /** From any thread; the client's {@code inFlight} already counts this write. */
    void add(EventFeed.Client client, Buffer data, long receivedAt) {
        queue.add(new Write(client, data, receivedAt));
        if (scheduled.compareAndSet(false, true)) {
            loop.runOnContext(ignored -> drain());
        }
    }

    /** On the event loop: writes everything queued; the delivery timer gets one record per frame and batch. */
    private void drain() {
        scheduled.set(false);
        long lastTimed = 0;
        Write write;
        while ((write = queue.poll()) != null) {
            EventFeed.Client client = write.client();
            if (!client.open) {
                client.written(false);
                continue;
            }
            writeText(client, write.data());
            if (write.receivedAt() != 0 && write.receivedAt() != lastTimed) {
                lastTimed = write.receivedAt();
                metrics.delivered(System.nanoTime() - lastTimed);
            }
        }
    }

    private static void writeText(EventFeed.Client client, Buffer data) {
        WebSocketBase socket = client.socket;
        if (socket == null) {
            client.connection.sendText(data.toString(StandardCharsets.UTF_8)).subscribe().with(
                    ignored -> client.written(true), failure -> client.written(false));
            return;
        }
        Handler<AsyncResult<Void>> done = client.completion;
        int length = data.length();
        if (length <= MAX_FRAME_BYTES) {
            socket.writeFrame(new WebSocketFrameImpl(WebSocketFrameType.TEXT, data.getByteBuf(), true)).onComplete(done);
            return;
        }
        for (int start = 0; start < length; start += MAX_FRAME_BYTES) {
            int end = Math.min(length, start + MAX_FRAME_BYTES);
            WebSocketFrameType type = start == 0 ? WebSocketFrameType.TEXT : WebSocketFrameType.CONTINUATION;
            WebSocketFrameImpl frame = new WebSocketFrameImpl(type, data.getByteBuf().slice(start, end - start),
                    end == length);
            if (end == length) {
                socket.writeFrame(frame).onComplete(done);
            } else {
                socket.writeFrame(frame);
            }
        }
    }

    private static MethodHandle webSocketAccessor() {
        try {
            Class<?> base = Class.forName("io.quarkus.websockets.next.runtime.WebSocketConnectionBase", false,
                    WebSocketConnection.class.getClassLoader());
            Method method = base.getDeclaredMethod("webSocket");
            method.setAccessible(true);
            return MethodHandles.lookup().unreflect(method);
        } catch (ReflectiveOperationException | RuntimeException e) {
            Log.warnf("Live seat map: the Vert.x socket under a WebSockets Next connection is not reachable (%s); "
                    + "frames are sent as Strings, one encoding per socket", e);
            return null;
        }
    }
}
