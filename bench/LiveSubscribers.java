import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bulk of the live seat map benchmark's subscribers, in a JVM of their own so that their CPU is measured apart
 * from the app's and the hold driver's (bench/live.sh starts it through LiveMapBench). A Vert.x WebSocket client on
 * two event loops; a subscriber only counts frames and bytes and reads the versions at the start of each frame (the
 * version rule of docs/LIVE_SEAT_MAP.md: a delta must start at the previous version + 1), never the seats.
 * <p>
 * Commands on stdin, one a line, each answered with one line on stdout: {@code connect N} (open sockets until N are
 * connected and have their first snapshot: {@code connected N SECONDS FAILED}), {@code stats} ({@code stats frames
 * bytes snapshots deltas gaps closes errors}), {@code close} (closes all), {@code exit}.
 * <p>
 * Arguments: the app's base URL, the event id, the query ({@code view=compact} or empty).
 */
public class LiveSubscribers {

    static final AtomicLong frames = new AtomicLong();
    static final AtomicLong bytes = new AtomicLong();
    static final AtomicLong snapshots = new AtomicLong();
    static final AtomicLong deltas = new AtomicLong();
    static final AtomicLong gaps = new AtomicLong();
    static final AtomicLong closes = new AtomicLong();
    static final AtomicLong errors = new AtomicLong();
    static final List<WebSocket> sockets = new ArrayList<>();
    static volatile boolean closing;

    /** Reads the number after {@code "name":} in the first 200 bytes of the frame; -1 when absent. */
    static long number(Buffer frame, String name) {
        int limit = Math.min(frame.length(), 200);
        byte[] key = ("\"" + name + "\":").getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + key.length < limit; i++) {
            for (int k = 0; k < key.length; k++) {
                if (frame.getByte(i + k) != key[k]) {
                    continue outer;
                }
            }
            long value = 0;
            for (int j = i + key.length; j < frame.length(); j++) {
                byte b = frame.getByte(j);
                if (b < '0' || b > '9') {
                    return value;
                }
                value = value * 10 + (b - '0');
            }
            return value;
        }
        return -1;
    }

    /** One socket: the version its view is at. Touched on its event loop only. */
    static final class Sub {
        long version = -1;

        void frame(Buffer data) {
            frames.incrementAndGet();
            bytes.addAndGet(data.length());
            // {"type":"delta",... or {"type":"snapshot",...: the 10th byte tells them apart
            byte kind = data.length() > 9 ? data.getByte(9) : 0;
            if (kind == 'd') {
                deltas.incrementAndGet();
                long from = number(data, "fromVersion");
                if (version >= 0 && from != version + 1) {
                    gaps.incrementAndGet();
                }
                version = number(data, "version");
            } else if (kind == 's') {
                snapshots.incrementAndGet();
                long v = number(data, "version");
                if (v < version) {
                    gaps.incrementAndGet(); // a snapshot older than the view
                }
                version = v;
            }
        }
    }

    public static void main(String[] args) throws Exception {
        URI base = URI.create(args[0]);
        String path = "/api/events/" + args[1] + "/seats/live" + (args.length > 2 && !args[2].isEmpty() ? "?" + args[2] : "");
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setMaxConnections(100_000).setMaxFrameSize(1 << 20).setMaxMessageSize(1 << 24).setConnectTimeout(60_000));
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String[] command = line.trim().split(" ");
            switch (command[0]) {
                case "connect" -> connect(client, base, path, Integer.parseInt(command[1]));
                case "stats" -> System.out.println("stats " + frames.get() + " " + bytes.get() + " " + snapshots.get() + " "
                        + deltas.get() + " " + gaps.get() + " " + closes.get() + " " + errors.get());
                case "close" -> {
                    closing = true;
                    List<WebSocket> all;
                    synchronized (sockets) {
                        all = List.copyOf(sockets);
                        sockets.clear();
                    }
                    CountDownLatch closed = new CountDownLatch(all.size());
                    all.forEach(socket -> socket.close().onComplete(ignored -> closed.countDown()));
                    closed.await(60, TimeUnit.SECONDS);
                    closing = false;
                    System.out.println("closed " + all.size());
                }
                case "exit" -> {
                    System.out.println("bye");
                    System.exit(0);
                }
                default -> System.out.println("unknown " + line);
            }
            System.out.flush();
        }
        System.exit(0);
    }

    static void connect(WebSocketClient client, URI base, String path, int target) throws InterruptedException {
        int have;
        synchronized (sockets) {
            have = sockets.size();
        }
        int add = Math.max(0, target - have);
        CountDownLatch first = new CountDownLatch(add);
        Semaphore connecting = new Semaphore(200);
        AtomicLong failed = new AtomicLong();
        long t0 = System.nanoTime();
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(base.getHost()).setPort(base.getPort())
                .setURI(path);
        for (int i = 0; i < add; i++) {
            connecting.acquire();
            Sub sub = new Sub();
            boolean[] counted = {false};
            Runnable arrived = () -> {
                if (!counted[0]) {
                    counted[0] = true;
                    first.countDown();
                    connecting.release();
                }
            };
            client.connect(options).onComplete(result -> {
                if (result.failed()) {
                    failed.incrementAndGet();
                    errors.incrementAndGet();
                    arrived.run();
                    return;
                }
                WebSocket socket = result.result();
                synchronized (sockets) {
                    sockets.add(socket);
                }
                socket.frameHandler(null);
                socket.textMessageHandler(null);
                socket.handler(data -> {
                    sub.frame(data);
                    arrived.run();
                });
                socket.exceptionHandler(failure -> errors.incrementAndGet());
                socket.closeHandler(ignored -> {
                    if (!closing) {
                        closes.incrementAndGet();
                    }
                    arrived.run();
                });
            });
        }
        boolean all = first.await(180, TimeUnit.SECONDS);
        System.out.println("connected " + target + " " + (System.nanoTime() - t0) / 1e9 + " " + failed.get()
                + (all ? "" : " TIMEOUT"));
    }
}
