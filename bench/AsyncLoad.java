import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The open model on non-blocking sockets: a few selector threads drive many keep-alive HTTP/1.1 connections, one
 * request in flight on each, so that a crowd of ten thousand requests a second does not cost the driver a thread
 * switch per request (BenchSupport.open's blocking workers used 80 % of this machine's two cores at 11,000 req/s).
 * Latency counts from each request's scheduled start, as in BenchSupport.open, and is also recorded from the moment the
 * request was written ({@link #FROM_SEND}; the difference is time spent waiting in the driver for an idle connection or
 * its selector thread). The connections are opened before the clock starts (a blocking connect on a selector thread
 * delays every request of that thread), as the keep-alive connections of clients that already browse the event would
 * be. Answers must carry Content-Length.
 */
final class AsyncLoad {

    /** Every answer's latency from the moment its request was written (not from its scheduled start). */
    static final String FROM_SEND = "from-send";

    private AsyncLoad() {
    }

    /** One request of the crowd and, once answered, what to record. Called on a selector thread. */
    interface Iteration {
        /** The clock starts: the first request is due at {@code t0} (after the connections are open). */
        default void started(long t0) {
        }

        Request next();

        void answered(Request request, int status, String body, long startNanos, BenchSupport.Recs recs);
    }

    record Request(String method, String path, String token, String body, String headers, Object context) {
    }

    static BenchSupport.Outcome open(double rate, double seconds, int connections, int threads, Iteration body)
            throws Exception {
        BenchSupport.Recs recs = new BenchSupport.Recs();
        ConcurrentLinkedQueue<Long> due = new ConcurrentLinkedQueue<>();
        AtomicInteger queued = new AtomicInteger();
        AtomicInteger idle = new AtomicInteger(connections);
        AtomicLong iterations = new AtomicLong();
        AtomicLong late = new AtomicLong();
        List<Loop> loops = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            loops.add(new Loop(connections / threads + (t < connections % threads ? 1 : 0), due, queued, idle,
                    iterations, recs, body));
        }
        List<Thread> running = new ArrayList<>();
        for (Loop loop : loops) {
            Thread thread = new Thread(loop, "async-load");
            thread.start();
            running.add(thread);
        }
        BenchSupport.Cpu cpu = new BenchSupport.Cpu().start();
        long t0 = System.nanoTime();
        body.started(t0);
        BenchSupport.pace(t0, rate, seconds, at -> {
            if (queued.get() >= idle.get()) {
                late.incrementAndGet(); // every idle connection already has a start waiting
            }
            due.add(at);
            queued.incrementAndGet();
        }, () -> loops.forEach(Loop::wake));
        loops.forEach(Loop::finish);
        for (Thread thread : running) {
            thread.join();
        }
        cpu.stop();
        return new BenchSupport.Outcome(recs, (System.nanoTime() - t0) / 1e9, iterations.get(), cpu.result, late.get(),
                cpu);
    }

    /** One selector thread and its connections. */
    private static final class Loop implements Runnable {
        private final Selector selector;
        private final ArrayDeque<Conn> idleConns = new ArrayDeque<>();
        private final ConcurrentLinkedQueue<Long> due;
        private final AtomicInteger queued;
        private final AtomicInteger idle;
        private final AtomicLong iterations;
        private final BenchSupport.Recs recs;
        private final Iteration body;
        private final int size;
        private volatile boolean finishing;

        Loop(int size, ConcurrentLinkedQueue<Long> due, AtomicInteger queued, AtomicInteger idle, AtomicLong iterations,
                BenchSupport.Recs recs, Iteration body) throws IOException {
            this.selector = Selector.open();
            this.size = size;
            this.due = due;
            this.queued = queued;
            this.idle = idle;
            this.iterations = iterations;
            this.recs = recs;
            this.body = body;
            for (int c = 0; c < size; c++) {
                Conn conn = new Conn();
                conn.connect(); // before the clock starts, as a browser's keep-alive connection would be
                idleConns.add(conn);
            }
        }

        void wake() {
            selector.wakeup();
        }

        void finish() {
            finishing = true;
            selector.wakeup();
        }

        @Override
        public void run() {
            try {
                while (!(finishing && due.isEmpty() && idleConns.size() == size)) {
                    selector.select(10);
                    for (SelectionKey key : selector.selectedKeys()) {
                        Conn conn = (Conn) key.attachment();
                        if (key.isValid() && key.isWritable()) {
                            conn.write();
                        }
                        if (key.isValid() && key.isReadable()) {
                            conn.read();
                        }
                    }
                    selector.selectedKeys().clear();
                    while (!idleConns.isEmpty()) {
                        Long start = due.poll();
                        if (start == null) {
                            break;
                        }
                        queued.decrementAndGet();
                        idle.decrementAndGet();
                        idleConns.poll().send(start, body.next());
                    }
                }
                selector.close();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        /** One keep-alive connection with at most one request in flight. */
        private final class Conn {
            private SocketChannel channel;
            private SelectionKey key;
            private ByteBuffer out;
            private ByteBuffer in = ByteBuffer.allocate(16384);
            private Request request;
            private long start;
            private long sent;

            void send(long start, Request request) throws IOException {
                this.start = start;
                this.request = request;
                if (channel == null) {
                    connect(); // the server closed the last one
                }
                out = ByteBuffer.wrap(bytes(request));
                sent = System.nanoTime();
                write();
            }

            void connect() throws IOException {
                channel = SocketChannel.open(new InetSocketAddress(BenchSupport.HOST, BenchSupport.PORT));
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                channel.configureBlocking(false);
                key = channel.register(selector, 0, this);
            }

            void write() throws IOException {
                try {
                    channel.write(out);
                } catch (IOException e) {
                    failed(e);
                    return;
                }
                key.interestOps(out.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
            }

            void read() throws IOException {
                int n;
                try {
                    n = channel.read(in);
                } catch (IOException e) {
                    failed(e);
                    return;
                }
                if (n < 0) {
                    failed(new IOException("connection closed"));
                    return;
                }
                int end = headerEnd();
                if (end < 0) {
                    grow();
                    return;
                }
                String head = new String(in.array(), 0, end, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
                int length = contentLength(head);
                if (in.position() < end + 4 + length) {
                    grow();
                    return;
                }
                int status = Integer.parseInt(head.substring(9, 12));
                String answer = new String(in.array(), end + 4, length, StandardCharsets.UTF_8);
                in.clear();
                if (head.contains("\r\nconnection: close")) {
                    close();
                }
                done(status, answer);
            }

            private void done(int status, String answer) {
                Request answered = request;
                request = null;
                recs.add(FROM_SEND, (System.nanoTime() - sent) / 1000, status);
                body.answered(answered, status, answer, start, recs);
                iterations.incrementAndGet();
                idleConns.add(this);
                idle.incrementAndGet();
            }

            private void failed(IOException e) {
                close();
                in.clear();
                done(-1, String.valueOf(e));
            }

            private void close() {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // gone
                }
                channel = null;
            }

            private int headerEnd() {
                byte[] a = in.array();
                for (int i = 3; i < in.position(); i++) {
                    if (a[i] == '\n' && a[i - 1] == '\r' && a[i - 2] == '\n' && a[i - 3] == '\r') {
                        return i - 3;
                    }
                }
                return -1;
            }

            private void grow() {
                if (!in.hasRemaining()) {
                    ByteBuffer bigger = ByteBuffer.allocate(in.capacity() * 2);
                    in.flip();
                    bigger.put(in);
                    in = bigger;
                }
            }

            /** {@code head}: the status line and headers, lower case. */
            private static int contentLength(String lower) {
                int at = lower.indexOf("\r\ncontent-length:");
                if (at < 0) {
                    return 0;
                }
                int from = at + "\r\ncontent-length:".length();
                int to = lower.indexOf("\r\n", from);
                return Integer.parseInt(lower.substring(from, to < 0 ? lower.length() : to).trim());
            }

            private static byte[] bytes(Request r) {
                byte[] payload = r.body() == null ? new byte[0] : r.body().getBytes(StandardCharsets.UTF_8);
                StringBuilder head = new StringBuilder(512).append(r.method()).append(' ').append(r.path())
                        .append(" HTTP/1.1\r\nHost: ").append(BenchSupport.HOST).append(':').append(BenchSupport.PORT)
                        .append("\r\n");
                if (r.token() != null) {
                    head.append("Authorization: Bearer ").append(r.token()).append("\r\n");
                }
                if (r.body() != null) {
                    head.append("Content-Type: application/json\r\n");
                }
                head.append(r.headers()).append("Content-Length: ").append(payload.length).append("\r\n\r\n");
                byte[] h = head.toString().getBytes(StandardCharsets.ISO_8859_1);
                byte[] all = new byte[h.length + payload.length];
                System.arraycopy(h, 0, all, 0, h.length);
                System.arraycopy(payload, 0, all, h.length, payload.length);
                return all;
            }
        }
    }
}
