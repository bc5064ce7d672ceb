import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bookit's load driver: plain blocking HTTP/1.1 keep-alive sockets, one thread per connection (closed model) or a
 * pacer plus a worker pool (open model, latency measured from each request's scheduled start, so a stalled server
 * is not hidden by coordinated omission). No dependencies: {@code java bench/LoadDriver.java}. Run by bench/run.sh,
 * which documents the environment variables. Writes a markdown report to BENCH_REPORT.
 */
public class LoadDriver {

    static final String BASE = env("BENCH_BASE_URL", "http://127.0.0.1:8085");
    static final int CLIENTS = Integer.parseInt(env("BENCH_CLIENTS", "64"));
    static final int SECONDS = Integer.parseInt(env("BENCH_SECONDS", "15"));
    static final int WARMUP_SECONDS = Integer.parseInt(env("BENCH_WARMUP_SECONDS", "40"));
    static final double RATE_FRACTION = Double.parseDouble(env("BENCH_RATE_FRACTION", "0.7"));
    static final int ROWS = Integer.parseInt(env("BENCH_ROWS", "40"));
    static final int SEATS_PER_ROW = Integer.parseInt(env("BENCH_SEATS_PER_ROW", "50"));
    static final int ORDER_SEATS = Integer.parseInt(env("BENCH_ORDER_SEATS", "2"));
    static final String REDIS_DB = env("BENCH_REDIS_DB", "5");
    static final int REDIS_REQUESTS = Integer.parseInt(env("BENCH_REDIS_REQUESTS", "300000"));
    static final String PG_DB = env("BENCH_PG_DB", "bookit_bench");
    static final String APP_PID = env("BENCH_APP_PID", "");
    static final String LUA_DIR = env("BENCH_LUA_DIR", "src/main/resources/lua");
    static final String REPORT = env("BENCH_REPORT", "target/bench-report.md");
    static final String COMMAND = env("BENCH_COMMAND", "bench/run.sh");

    static final String HOST = URI.create(BASE).getHost();
    static final int PORT = URI.create(BASE).getPort();
    /** Health and metrics are served on the management interface, not on the API port. */
    static final int MANAGEMENT_PORT = Integer.parseInt(env("BENCH_MANAGEMENT_PORT", "9000"));
    static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");
    static final Pattern SEATS = Pattern.compile("\"seats\":\\[([^\\]]*)\\]");

    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    // ---------------------------------------------------------------- HTTP over one keep-alive socket

    record Resp(int status, String body) {
    }

    static final class Conn implements AutoCloseable {
        private final int port;
        private Socket socket;
        private InputStream in;
        private OutputStream out;

        Conn() {
            this(PORT);
        }

        Conn(int port) {
            this.port = port;
        }

        Resp send(String method, String path, String token, String body) {
            return send(method, path, token, body, "");
        }

        /** {@code headers}: extra header lines, each ending in CRLF ("" for none). */
        Resp send(String method, String path, String token, String body, String headers) {
            for (int attempt = 0; ; attempt++) {
                try {
                    if (socket == null) {
                        open();
                    }
                    write(method, path, token, body, headers);
                    return read();
                } catch (IOException e) {
                    close();
                    if (attempt > 0) {
                        return new Resp(-1, String.valueOf(e));
                    }
                }
            }
        }

        private void open() throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(HOST, port), 5000);
            socket.setSoTimeout(60_000);
            in = new BufferedInputStream(socket.getInputStream(), 16384);
            out = new BufferedOutputStream(socket.getOutputStream(), 8192);
        }

        private void write(String method, String path, String token, String body, String headers) throws IOException {
            byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            StringBuilder head = new StringBuilder(256).append(method).append(' ').append(path)
                    .append(" HTTP/1.1\r\nHost: ").append(HOST).append(':').append(port).append("\r\n");
            if (token != null) {
                head.append("Authorization: Bearer ").append(token).append("\r\n");
            }
            if (body != null) {
                head.append("Content-Type: application/json\r\n");
            }
            head.append(headers);
            head.append("Content-Length: ").append(payload.length).append("\r\n\r\n");
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(payload);
            out.flush();
        }

        private Resp read() throws IOException {
            String status = line();
            if (status == null) {
                throw new IOException("connection closed");
            }
            int code = Integer.parseInt(status.substring(9, 12));
            int length = -1;
            boolean chunked = false;
            boolean close = false;
            for (String h = line(); h != null && !h.isEmpty(); h = line()) {
                String lower = h.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Integer.parseInt(lower.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                } else if (lower.startsWith("connection:") && lower.contains("close")) {
                    close = true;
                }
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream(Math.max(length, 64));
            if (chunked) {
                for (int size = Integer.parseInt(line().trim(), 16); size > 0; size = Integer.parseInt(line().trim(), 16)) {
                    body.write(in.readNBytes(size));
                    line();
                }
                line();
            } else if (length > 0) {
                body.write(in.readNBytes(length));
            }
            if (close) {
                close();
            }
            return new Resp(code, body.toString(StandardCharsets.UTF_8));
        }

        private String line() throws IOException {
            StringBuilder s = new StringBuilder(64);
            for (int c = in.read(); c != -1; c = in.read()) {
                if (c == '\n') {
                    int n = s.length();
                    return n > 0 && s.charAt(n - 1) == '\r' ? s.substring(0, n - 1) : s.toString();
                }
                s.append((char) c);
            }
            return s.length() == 0 ? null : s.toString();
        }

        @Override
        public void close() {
            try {
                if (socket != null) {
                    socket.close();
                }
            } catch (IOException ignored) {
                // nothing to do
            }
            socket = null;
        }
    }

    static final ThreadLocal<Conn> CONN = ThreadLocal.withInitial(Conn::new);
    static final ThreadLocal<Conn> MANAGEMENT = ThreadLocal.withInitial(() -> new Conn(MANAGEMENT_PORT));

    static Resp call(String method, String path, String token, String body) {
        return CONN.get().send(method, path, token, body);
    }

    static Resp call(String method, String path, String token, String body, String headers) {
        return CONN.get().send(method, path, token, body, headers);
    }

    static Resp expect(int status, String method, String path, String token, String body) {
        Resp r = call(method, path, token, body);
        if (r.status() != status) {
            throw new IllegalStateException(method + " " + path + " -> " + r.status() + " " + r.body());
        }
        return r;
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }

    static List<String> seatsOf(String json) {
        Matcher m = SEATS.matcher(json);
        if (!m.find() || m.group(1).isEmpty()) {
            return List.of();
        }
        return Arrays.stream(m.group(1).split(",")).map(s -> s.replace("\"", "")).toList();
    }

    // ---------------------------------------------------------------- recording

    /** Latencies (us) and outcome counts of one request kind in one phase; one per thread, merged at the end. */
    static final class Rec {
        long[] lat = new long[1 << 14];
        long[] sorted;
        int n;
        final Map<Integer, Integer> statuses = new LinkedHashMap<>();

        void add(long micros, int status) {
            if (n == lat.length) {
                lat = Arrays.copyOf(lat, n * 2);
            }
            lat[n++] = micros;
            statuses.merge(status, 1, Integer::sum);
        }

        synchronized void merge(Rec other) {
            if (n + other.n > lat.length) {
                lat = Arrays.copyOf(lat, Math.max(lat.length * 2, n + other.n));
            }
            System.arraycopy(other.lat, 0, lat, n, other.n);
            n += other.n;
            sorted = null;
            other.statuses.forEach((k, v) -> statuses.merge(k, v, Integer::sum));
        }

        long count(int status) {
            return statuses.getOrDefault(status, 0);
        }

        double pct(double p) {
            if (n == 0) {
                return Double.NaN;
            }
            if (sorted == null || sorted.length != n) {
                sorted = Arrays.copyOf(lat, n);
                Arrays.sort(sorted);
            }
            return sorted[Math.min(n - 1, (int) Math.ceil(p / 100.0 * n) - 1)] / 1000.0;
        }

        String summary() {
            return String.format(Locale.ROOT, "p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms, statuses %s",
                    pct(50), pct(95), pct(99), pct(100), statuses);
        }
    }

    /** Per-thread recorders merged at the end of a phase. */
    static final class Recs {
        final Map<String, Rec> merged = new ConcurrentHashMap<>();
        final ThreadLocal<Map<String, Rec>> local = ThreadLocal.withInitial(LinkedHashMap::new);
        final List<Map<String, Rec>> all = java.util.Collections.synchronizedList(new ArrayList<>());

        void add(String kind, long micros, int status) {
            Map<String, Rec> mine = local.get();
            if (mine.isEmpty()) {
                all.add(mine);
            }
            mine.computeIfAbsent(kind, k -> new Rec()).add(micros, status);
        }

        Rec get(String kind) {
            if (merged.isEmpty()) {
                synchronized (all) {
                    for (Map<String, Rec> m : all) {
                        m.forEach((k, r) -> merged.computeIfAbsent(k, x -> new Rec()).merge(r));
                    }
                }
            }
            return merged.getOrDefault(kind, new Rec());
        }
    }

    /** Timed call: records latency from {@code startNanos} (the scheduled start in the open model). */
    static Resp timed(Recs recs, String kind, long startNanos, String method, String path, String token, String body) {
        Resp r = call(method, path, token, body);
        recs.add(kind, (System.nanoTime() - startNanos) / 1000, r.status());
        return r;
    }

    // ---------------------------------------------------------------- CPU accounting from /proc

    static long ticksOf(String pid) {
        try {
            return ticksIn(Files.readString(Path.of("/proc", pid, "stat")));
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** User + system ticks in a /proc stat line (of a process or of one of its threads). */
    static long ticksIn(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** CPU ticks of a JVM's JIT compiler threads ("C1 CompilerThre", "C2 CompilerThre"): still compiling or not. */
    static long compilerTicksOf(String pid) {
        long ticks = 0;
        try (var tasks = Files.list(Path.of("/proc", pid, "task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(t.resolve("stat"));
                    String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    if (comm.contains("CompilerThre")) {
                        ticks += ticksIn(stat);
                    }
                } catch (IOException | RuntimeException ignored) {
                    // thread gone
                }
            }
        } catch (IOException ignored) {
            // no /proc
        }
        return ticks;
    }

    static List<String> pidsNamed(String comm) {
        List<String> pids = new ArrayList<>();
        try (var dirs = Files.list(Path.of("/proc"))) {
            for (Path d : (Iterable<Path>) dirs::iterator) {
                String name = d.getFileName().toString();
                if (name.chars().allMatch(Character::isDigit)) {
                    try {
                        if (Files.readString(d.resolve("comm")).trim().equals(comm)) {
                            pids.add(name);
                        }
                    } catch (IOException ignored) {
                        // gone
                    }
                }
            }
        } catch (IOException ignored) {
            // no /proc
        }
        return pids;
    }

    static long[] machineTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length; i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return new long[] {total, idle};
        } catch (IOException e) {
            return new long[] {0, 0};
        }
    }

    /** Backends of the benchmark database (not other databases of the shared cluster). */
    static List<String> pgBackends() {
        try {
            return exec(null, "psql", "-h", "127.0.0.1", "-U", "postgres", "-d", PG_DB, "-tAc",
                    "SELECT pid FROM pg_stat_activity WHERE datname = '" + PG_DB + "'").lines()
                    .map(String::trim).filter(l -> !l.isEmpty()).toList();
        } catch (IOException | InterruptedException e) {
            return List.of();
        }
    }

    /**
     * CPU used between start() and stop() (repeatable: slices add up), in % of one core: the app, the PostgreSQL
     * backends of the benchmark database, Redis, this driver, and everything else on the machine.
     */
    static final class Cpu {
        private final Map<String, List<String>> groups = new LinkedHashMap<>();
        private final Map<String, Long> before = new LinkedHashMap<>();
        private final Map<String, Long> used = new LinkedHashMap<>();
        private long[] machineBefore;
        private long machineTotal;
        private long machineIdle;
        private long startNanos;
        private double seconds;
        String result = "";

        Cpu start() {
            groups.put("app", APP_PID.isEmpty() ? List.of() : List.of(APP_PID));
            groups.put("postgres", pgBackends());
            groups.put("redis", pidsNamed("redis-server"));
            groups.put("driver", List.of(Long.toString(ProcessHandle.current().pid())));
            groups.forEach((g, pids) -> before.put(g, pids.stream().mapToLong(LoadDriver::ticksOf).sum()));
            machineBefore = machineTicks();
            startNanos = System.nanoTime();
            return this;
        }

        Cpu stop() {
            seconds += (System.nanoTime() - startNanos) / 1e9;
            groups.forEach((g, pids) -> used.merge(g, pids.stream().mapToLong(LoadDriver::ticksOf).sum() - before.get(g),
                    Long::sum));
            long[] m = machineTicks();
            machineTotal += m[0] - machineBefore[0];
            machineIdle += m[1] - machineBefore[1];
            StringBuilder s = new StringBuilder();
            double known = 0;
            for (var g : used.entrySet()) {
                double pct = g.getValue() / seconds; // 100 ticks a second = 100 % of a core
                known += pct;
                s.append(String.format(Locale.ROOT, "%s %.0f%%, ", g.getKey(), pct));
            }
            double busy = 100.0 * (machineTotal - machineIdle) / Math.max(1, machineTotal);
            double cores = Runtime.getRuntime().availableProcessors();
            s.append(String.format(Locale.ROOT, "other processes %.0f%%; machine busy %.0f%% of %d cores",
                    Math.max(0, busy * cores - known), busy, (int) cores));
            result = s.toString();
            return this;
        }

        /** CPU-seconds used by a group over all slices. */
        double cpuSeconds(String group) {
            return used.getOrDefault(group, 0L) / 100.0;
        }
    }

    // ---------------------------------------------------------------- load models

    interface Iteration {
        void run(Recs recs, int client, long startNanos) throws Exception;
    }

    record Outcome(Recs recs, double seconds, long iterations, String cpu, long late, Cpu meter) {
        Outcome(Recs recs, double seconds, long iterations, String cpu, long late) {
            this(recs, seconds, iterations, cpu, late, null);
        }
    }

    /** Closed model: {@code clients} threads loop until {@code seconds} pass or an iteration asks to stop. */
    static Outcome closed(int clients, double seconds, AtomicBoolean stop, Iteration body) throws InterruptedException {
        return closed(clients, seconds, stop, body, new Recs(), new Cpu());
    }

    /** The same, recording into {@code recs} and {@code cpu}: slices run one after another add up. */
    static Outcome closed(int clients, double seconds, AtomicBoolean stop, Iteration body, Recs recs, Cpu cpu)
            throws InterruptedException {
        AtomicLong iterations = new AtomicLong();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        CountDownLatch done = new CountDownLatch(clients);
        cpu.start();
        long t0 = System.nanoTime();
        AtomicLong lastEnd = new AtomicLong(t0);
        for (int c = 0; c < clients; c++) {
            int client = c;
            Thread t = new Thread(() -> {
                try {
                    while (System.nanoTime() < end && !stop.get()) {
                        body.run(recs, client, System.nanoTime());
                        iterations.incrementAndGet();
                    }
                } catch (Exception e) {
                    System.err.println("client " + client + ": " + e);
                } finally {
                    lastEnd.accumulateAndGet(System.nanoTime(), Math::max);
                    done.countDown();
                }
            });
            t.start();
        }
        done.await();
        cpu.stop();
        return new Outcome(recs, (lastEnd.get() - t0) / 1e9, iterations.get(), cpu.result, 0, cpu);
    }

    /** Two closed-model scenarios in alternating slices, so that noise from other processes hits both alike. */
    static Outcome[] interleaved(int rounds, double seconds, Iteration a, Iteration b) throws InterruptedException {
        Recs recsA = new Recs();
        Recs recsB = new Recs();
        Cpu cpuA = new Cpu();
        Cpu cpuB = new Cpu();
        double secondsA = 0;
        double secondsB = 0;
        AtomicBoolean never = new AtomicBoolean();
        for (int r = 0; r < rounds; r++) {
            secondsA += closed(CLIENTS, seconds / rounds, never, a, recsA, cpuA).seconds();
            secondsB += closed(CLIENTS, seconds / rounds, never, b, recsB, cpuB).seconds();
        }
        return new Outcome[] {new Outcome(recsA, secondsA, 0, cpuA.result, 0, cpuA),
            new Outcome(recsB, secondsB, 0, cpuB.result, 0, cpuB)};
    }

    /**
     * Open model: iterations start at a constant rate whatever the server does; a pool of {@code workers} threads
     * runs them. An iteration's latency counts from its scheduled start. "late" counts starts that found no free
     * worker at once (queued).
     */
    static final long PACER_NANOS = 500_000;

    /**
     * The open model's pacer: hands {@code rate * seconds} scheduled starts (nanoTime, from {@code t0}) to
     * {@code start}, every start that is due at each wake-up, then runs {@code afterBatch}. It wakes at most every
     * PACER_NANOS: at thousands of starts a second, one sleep per start cost the driver more CPU than the requests
     * (latency still counts from each scheduled start).
     */
    static void pace(long t0, double rate, double seconds, java.util.function.LongConsumer start, Runnable afterBatch)
            throws InterruptedException {
        long total = (long) (rate * seconds);
        double interval = 1e9 / rate;
        for (long i = 0; i < total; ) {
            long now = System.nanoTime();
            for (long at = t0 + (long) (i * interval); i < total && at <= now; at = t0 + (long) (++i * interval)) {
                start.accept(at);
            }
            afterBatch.run();
            long next = t0 + (long) (i * interval) - System.nanoTime();
            if (i < total && next > 0) {
                TimeUnit.NANOSECONDS.sleep(Math.max(next, PACER_NANOS));
            }
        }
    }

    static Outcome open(double rate, double seconds, int workers, Iteration body) throws InterruptedException {
        Recs recs = new Recs();
        BlockingQueue<Long> due = new LinkedBlockingQueue<>();
        AtomicLong iterations = new AtomicLong();
        AtomicInteger idle = new AtomicInteger();
        AtomicLong late = new AtomicLong();
        AtomicBoolean over = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(workers);
        for (int w = 0; w < workers; w++) {
            int client = w;
            new Thread(() -> {
                try {
                    while (true) {
                        idle.incrementAndGet();
                        Long start = due.poll(100, TimeUnit.MILLISECONDS);
                        idle.decrementAndGet();
                        if (start == null) {
                            if (over.get()) {
                                break;
                            }
                            continue;
                        }
                        try {
                            body.run(recs, client, start);
                        } catch (Exception e) {
                            System.err.println("iteration: " + e);
                        }
                        iterations.incrementAndGet();
                    }
                } catch (InterruptedException ignored) {
                    // end
                } finally {
                    done.countDown();
                }
            }).start();
        }
        Cpu cpu = new Cpu().start();
        long t0 = System.nanoTime();
        pace(t0, rate, seconds, at -> {
            if (due.size() >= idle.get()) {
                late.incrementAndGet(); // every idle worker already has a start waiting
            }
            due.add(at);
        }, () -> { });
        over.set(true);
        done.await();
        cpu.stop();
        return new Outcome(recs, (System.nanoTime() - t0) / 1e9, iterations.get(), cpu.result, late.get(), cpu);
    }

    // ---------------------------------------------------------------- fixtures through the public API

    record Event(String id, int rows, int perRow) {
        int capacity() {
            return rows * perRow;
        }

        String seat(int index) {
            return "ORCH-R" + (index / perRow + 1) + "-" + (index % perRow + 1);
        }
    }

    static final String RUN = Long.toString(System.currentTimeMillis(), 36);
    static String organizer;
    static List<String> buyers;

    static String register(String name, String role) {
        String email = name + "-" + RUN + "@bench.bookit.dev";
        expect(201, "POST", "/api/auth/register", null, String.format(
                "{\"email\":\"%s\",\"password\":\"bench-password\",\"displayName\":\"%s\",\"role\":\"%s\"}", email, name, role));
        return field(expect(200, "POST", "/api/auth/login", null,
                String.format("{\"email\":\"%s\",\"password\":\"bench-password\"}", email)).body(), "accessToken");
    }

    static Event event(String name, int rows, int perRow) {
        return event(name, rows, perRow, "");
    }

    /** {@code extra}: more fields of the event's JSON, each with a leading comma (a waiting room, a sales start). */
    static Event event(String name, int rows, int perRow, String extra) {
        StringBuilder r = new StringBuilder();
        for (int i = 1; i <= rows; i++) {
            r.append(i > 1 ? "," : "").append("{\"label\":\"R").append(i).append("\",\"seats\":").append(perRow).append('}');
        }
        String venue = field(expect(201, "POST", "/api/venues", organizer, "{\"name\":\"Bench hall " + name
                + "\",\"address\":\"1 Bench St\",\"timezone\":\"UTC\",\"sections\":[{\"key\":\"ORCH\",\"name\":\"Orchestra\","
                + "\"kind\":\"SEATED\",\"rows\":[" + r + "]}]}").body(), "id");
        String id = field(expect(201, "POST", "/api/events", organizer, "{\"venueId\":\"" + venue + "\",\"name\":\"Bench "
                + name + "\",\"description\":\"benchmark\",\"startsAt\":\"2030-01-01T19:00:00Z\",\"endsAt\":"
                + "\"2030-01-01T22:00:00Z\",\"currency\":\"EUR\",\"prices\":[{\"section\":\"ORCH\",\"price\":\"49.00\"}],"
                + "\"maxSeatsPerOrder\":10" + extra + "}").body(), "id");
        expect(200, "POST", "/api/events/" + id + "/publish", organizer, null);
        return new Event(id, rows, perRow);
    }

    static void parallel(int n, int threads, Consumer<Integer> task) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread th = new Thread(() -> {
                for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                    task.accept(i);
                }
            });
            th.start();
            ts.add(th);
        }
        for (Thread t : ts) {
            t.join();
        }
    }

    // ---------------------------------------------------------------- scenarios

    static String holdBody(List<String> seats) {
        return "{\"seats\":[\"" + String.join("\",\"", seats) + "\"]}";
    }

    /** Hold one random seat; a placed hold is released at once so the inventory never runs out. */
    static Iteration holdRelease(Event e) {
        return (recs, client, start) -> {
            String token = buyers.get(client % buyers.size());
            String seat = e.seat(ThreadLocalRandom.current().nextInt(e.capacity()));
            Resp hold = timed(recs, "hold", start, "POST", "/api/events/" + e.id() + "/holds", token,
                    holdBody(List.of(seat)));
            if (hold.status() == 201) {
                timed(recs, "release", System.nanoTime(), "DELETE", "/api/holds/" + field(hold.body(), "id"), token, null);
            }
        };
    }

    /** The baseline: the cheapest call there is, liveness on the management interface (the same event loops). */
    static Iteration health() {
        return (recs, client, start) -> {
            int status = MANAGEMENT.get().send("GET", "/q/health/live", null, null).status();
            recs.add("health", (System.nanoTime() - start) / 1000, status);
        };
    }

    /** Hold {@code ORDER_SEATS} seats that nobody else asks for (a shared counter), then order them. */
    static Iteration holdAndOrder(Event e, AtomicInteger next, AtomicBoolean stop, Set<String> sold) {
        return (recs, client, start) -> {
            int first = next.getAndAdd(ORDER_SEATS);
            if (first + ORDER_SEATS > e.capacity()) {
                stop.set(true);
                return;
            }
            List<String> seats = new ArrayList<>();
            for (int i = 0; i < ORDER_SEATS; i++) {
                seats.add(e.seat(first + i));
            }
            orderSeats(recs, e, buyers.get(client % buyers.size()), start, holdBody(seats), sold);
        };
    }

    /** One buyer's hold then order. Answers the hold's status. */
    static int orderSeats(Recs recs, Event e, String token, long start, String holdRequest, Set<String> sold) {
        Resp hold = timed(recs, "hold", start, "POST", "/api/events/" + e.id() + "/holds", token, holdRequest);
        if (hold.status() != 201) {
            return hold.status();
        }
        Resp order = timed(recs, "order", System.nanoTime(), "POST", "/api/orders", token,
                "{\"holdId\":\"" + field(hold.body(), "id") + "\"}");
        recs.add("iteration", (System.nanoTime() - start) / 1000, order.status());
        if (order.status() == 201 && sold != null) {
            for (String seat : seatsOf(order.body())) {
                if (!sold.add(seat)) {
                    recs.add("double-sale", 0, 0);
                }
            }
        } else if (order.status() != 201) {
            call("DELETE", "/api/holds/" + field(hold.body(), "id"), token, null);
        }
        return 201;
    }

    /** Sell-out: many buyers take bestAvailable blocks of ORDER_SEATS (then single seats) until nothing is left. */
    static Iteration sellOut(Event e, AtomicBoolean soldOut, Set<String> sold) {
        int[] quantity = new int[CLIENTS * 4];
        Arrays.fill(quantity, ORDER_SEATS);
        return (recs, client, start) -> {
            String token = buyers.get(client % buyers.size());
            int status = orderSeats(recs, e, token, start,
                    "{\"bestAvailable\":{\"quantity\":" + quantity[client] + "}}", sold);
            if (status == 409) {
                if (quantity[client] > 1) {
                    quantity[client]--;
                } else {
                    soldOut.set(true);
                }
            }
        };
    }

    // ---------------------------------------------------------------- report helpers

    static final StringBuilder OUT = new StringBuilder();
    static final List<String[]> TABLE = new ArrayList<>();

    static void log(String s) {
        System.out.println(s);
        OUT.append(s).append('\n');
    }

    static void row(String... cells) {
        TABLE.add(cells);
    }

    static String f0(double v) {
        return String.format(Locale.ROOT, "%.0f", v);
    }

    static String f1(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String pct(double v) {
        return String.format(Locale.ROOT, "%.0f%%", v * 100);
    }

    static String metric(String text, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})? ([0-9.Ee+-]+)$").matcher(text);
        double sum = 0;
        while (m.find()) {
            sum += Double.parseDouble(m.group(2));
        }
        return Double.toString(sum);
    }

    static double serverMeanMs(String before, String after, String timer) {
        double count = Double.parseDouble(metric(after, timer + "_seconds_count")) - Double.parseDouble(metric(before, timer + "_seconds_count"));
        double sum = Double.parseDouble(metric(after, timer + "_seconds_sum")) - Double.parseDouble(metric(before, timer + "_seconds_sum"));
        return count == 0 ? Double.NaN : sum / count * 1000;
    }

    static String metrics() {
        return MANAGEMENT.get().send("GET", "/q/metrics", null, null).body();
    }

    static String exec(String stdin, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out.trim();
    }

    // ---------------------------------------------------------------- main

    public static void main(String[] args) throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        log("Run " + Instant.now() + " against " + BASE + "; " + CLIENTS + " clients, " + SECONDS + " s a phase, "
                + cores + " cores shared by driver, app, PostgreSQL and Redis.");

        // -- set-up through the public API
        organizer = register("organizer", "ORGANIZER");
        String[] tokens = new String[CLIENTS];
        parallel(CLIENTS, 4, i -> tokens[i] = register("buyer" + i, "ATTENDEE"));
        buyers = List.of(tokens);
        Event warm = event("warm-up", ROWS, SEATS_PER_ROW);
        Event holdEvent = event("holds", ROWS, SEATS_PER_ROW);
        Event sellEvent = event("sell-out", ROWS, SEATS_PER_ROW);
        Event warmBig = event("warm-up-orders", Integer.parseInt(env("BENCH_BIG_ROWS", "400")), SEATS_PER_ROW);
        log("Set-up: 1 organizer, " + CLIENTS + " buyers, events of " + ROWS + " x " + SEATS_PER_ROW + " seats: warm-up "
                + warm.id() + ", holds " + holdEvent.id() + ", sell-out " + sellEvent.id());

        AtomicBoolean never = new AtomicBoolean();
        String only = env("BENCH_ONLY", "");
        if (!only.isEmpty()) { // profiling aid: one scenario for BENCH_SECONDS, nothing else
            Outcome o = closed(CLIENTS, SECONDS, never, switch (only) {
                case "health" -> health();
                case "holds" -> holdRelease(holdEvent);
                case "orders" -> holdAndOrder(event("profile", Integer.parseInt(env("BENCH_BIG_ROWS", "400")),
                        SEATS_PER_ROW), new AtomicInteger(), never, null);
                default -> throw new IllegalArgumentException("BENCH_ONLY: health, holds or orders");
            });
            for (String k : List.of("health", "hold", "release", "order")) {
                Rec r = o.recs().get(k);
                if (r.n > 0) {
                    log(k + ": " + f0(r.n / o.seconds()) + "/s, " + r.summary());
                }
            }
            long requests = 0;
            for (String k : List.of("health", "hold", "release", "order")) {
                requests += o.recs().get(k).n;
            }
            log("cpu: " + o.cpu() + "\nCPU a request: app " + f0(o.meter().cpuSeconds("app") * 1e6 / requests)
                    + " us, PostgreSQL backends " + f0(o.meter().cpuSeconds("postgres") * 1e6 / requests) + " us");
            System.exit(0);
        }

        // -- warm-up: JIT, pools; a sell-out of the warm-up event exercises the order path too
        closed(CLIENTS, WARMUP_SECONDS / 4.0, never, health());
        closed(CLIENTS, WARMUP_SECONDS / 4.0, never, holdRelease(warm));
        AtomicBoolean warmFull = new AtomicBoolean();
        closed(CLIENTS, WARMUP_SECONDS / 4.0, warmFull, holdAndOrder(warmBig, new AtomicInteger(), warmFull, null));
        AtomicBoolean warmDone = new AtomicBoolean();
        closed(CLIENTS, 60, warmDone, sellOut(warm, warmDone, ConcurrentHashMap.newKeySet()));

        // -- 1. closed model, 64 clients: health beside holds, in alternating slices
        int rounds = Integer.parseInt(env("BENCH_ROUNDS", "3"));
        String m0 = metrics();
        Outcome[] pair = interleaved(rounds, SECONDS, health(), holdRelease(holdEvent));
        String m1 = metrics();
        Outcome health = pair[0];
        Outcome holds = pair[1];
        Rec healthRec = health.recs().get("health");
        double healthRps = healthRec.n / health.seconds();
        double healthCpuUs = health.meter().cpuSeconds("app") * 1e6 / healthRec.n;
        log("\nhealth: " + f0(healthRps) + " req/s, " + healthRec.summary() + "\n  app CPU " + f0(healthCpuUs)
                + " us a request\n  cpu: " + health.cpu());
        Rec hold = holds.recs().get("hold");
        Rec release = holds.recs().get("release");
        double holdRps = hold.n / holds.seconds();
        double placedRps = hold.count(201) / holds.seconds();
        double releaseRps = release.n / holds.seconds();
        double holdCpuUs = holds.meter().cpuSeconds("app") * 1e6 / (hold.n + release.n);
        log("holds: " + f0(holdRps) + " hold req/s (" + f0(placedRps) + " placed/s), " + hold.summary()
                + "\n  releases: " + f0(releaseRps) + " req/s, " + release.summary()
                + "\n  app CPU " + f0(holdCpuUs) + " us a request (holds and releases)"
                + "\n  server-side mean (bookit_holds_seconds): " + f1(serverMeanMs(m0, m1, "bookit_holds")) + " ms"
                + "\n  cpu: " + holds.cpu());

        // -- 2. raw Redis: EVALSHA of the hold script at the same concurrency
        // as LuaScript loads it for one Redis (seating/FeedPubSub: the publish command as a constant in front)
        String script = "local FEED_PUBLISH = 'PUBLISH'\n" + Files.readString(Path.of(LUA_DIR, "lib.lua")) + "\n"
                + Files.readString(Path.of(LUA_DIR, "hold.lua"));
        String tag = "bk:{ev:bench-" + RUN + "}:";
        String sha = exec(script, "redis-cli", "-n", REDIS_DB, "-x", "SCRIPT", "LOAD");
        int redisSeats = 1_000_000;
        exec(null, "redis-cli", "-n", REDIS_DB, "HSET", tag + "meta", "status", "ON_SALE", "salesStart", "0",
                "maxPerOrder", "10", "ver", "0");
        exec("0".repeat(redisSeats), "redis-cli", "-n", REDIS_DB, "-x", "SET", tag + "seats");
        Cpu redisCpu = new Cpu().start();
        String csv = exec(null, "redis-benchmark", "-h", "127.0.0.1", "-p", "6379", "--dbnum", REDIS_DB, "-c",
                Integer.toString(CLIENTS), "-n", Integer.toString(REDIS_REQUESTS), "-r", Integer.toString(redisSeats),
                "--csv", "EVALSHA", sha, "9", tag + "meta", tag + "seats", tag + "ga", tag + "exp",
                tag + "hold:__rand_int__", tag + "wr", tag + "wr:active", tag + "wr:fresh", tag + "users", tag + "feed",
                "h__rand_int__", "bench-user", "600000", "seats", "1", "", "ok", "__rand_int__");
        redisCpu.stop();
        String freed = exec(null, "sh", "-c", "redis-cli -n " + REDIS_DB + " --scan --pattern '" + tag.replace("{", "\\{")
                .replace("}", "\\}") + "*' | xargs -r -n 1000 redis-cli -n " + REDIS_DB + " DEL | awk '{s+=$1} END {print s+0}'");
        String[] last = csv.lines().reduce((a, b) -> b).orElse("").replace("\"", "").split(",");
        double evalRps = Double.parseDouble(last[1]);
        log("\nredis-benchmark EVALSHA hold.lua (seats mode, 1 random seat of " + redisSeats + ", " + CLIENTS + " clients, "
                + REDIS_REQUESTS + " calls): " + f0(evalRps) + " calls/s, p50 " + last[4] + " ms, p95 " + last[5]
                + " ms, p99 " + last[6] + " ms (" + freed + " bench keys deleted)\n  cpu: " + redisCpu.result);

        // -- 3a. open model: holds at RATE_FRACTION of the closed-model hold rate
        double holdRate = RATE_FRACTION * holdRps;
        String m2 = metrics();
        Outcome holdOpen = open(holdRate, SECONDS, CLIENTS * 4, holdRelease(holdEvent));
        String m3 = metrics();
        Rec holdOpenRec = holdOpen.recs().get("hold");
        log("\nopen-model holds at " + f0(holdRate) + "/s (" + pct(RATE_FRACTION) + " of max): achieved "
                + f0(holdOpenRec.n / holdOpen.seconds()) + "/s, " + holdOpenRec.summary() + ", late starts "
                + holdOpen.late() + "\n  server-side mean: " + f1(serverMeanMs(m2, m3, "bookit_holds")) + " ms\n  cpu: "
                + holdOpen.cpu());

        // -- 4. sell-out of the 2,000-seat event by many buyers in parallel
        Set<String> sold = ConcurrentHashMap.newKeySet();
        AtomicBoolean soldOut = new AtomicBoolean();
        String m4 = metrics();
        Outcome sell = closed(CLIENTS, 120, soldOut, sellOut(sellEvent, soldOut, sold));
        String m5 = metrics();
        Rec sellOrders = sell.recs().get("order");
        double seatsPerSecond = sold.size() / sell.seconds();
        String seatMap = call("GET", "/api/events/" + sellEvent.id() + "/seats", null, null).body();
        int soldInMap = seatMap.split("\"status\":\"SOLD\"", -1).length - 1;
        String pg = exec(null, "psql", "-h", "127.0.0.1", "-U", "postgres", "-d", PG_DB, "-tAc",
                "SELECT count(*) || ' tickets, ' || count(DISTINCT (event_id, seat_id)) || ' distinct seats' FROM ticket "
                        + "WHERE status <> 'VOID' AND event_id = '" + sellEvent.id() + "'");
        long doubles = sell.recs().get("double-sale").n;
        log("\nsell-out: " + sold.size() + " seats confirmed in " + f1(sell.seconds()) + " s = " + f0(seatsPerSecond)
                + " seats/s, " + f0(sellOrders.count(201) / sell.seconds()) + " orders/s"
                + "\n  orders: " + sellOrders.summary() + "\n  holds: " + sell.recs().get("hold").summary()
                + "\n  server-side mean: holds " + f1(serverMeanMs(m4, m5, "bookit_holds")) + " ms, orders "
                + f1(serverMeanMs(m4, m5, "bookit_orders")) + " ms"
                + "\n  check: seat map SOLD " + soldInMap + "/" + sellEvent.capacity() + ", seats in order answers "
                + sold.size() + ", seats answered twice " + doubles + ", PostgreSQL: " + pg + "\n  cpu: " + sell.cpu());

        // -- 3b. orders: closed-model capacity on a large event, then RATE_FRACTION of it in the open model
        int bigRows = Integer.parseInt(env("BENCH_BIG_ROWS", "400"));
        Event capEvent = event("order-capacity", bigRows, SEATS_PER_ROW);
        AtomicBoolean capFull = new AtomicBoolean();
        String m6 = metrics();
        Outcome cap = closed(CLIENTS, SECONDS, capFull, holdAndOrder(capEvent, new AtomicInteger(), capFull, null));
        String m7 = metrics();
        double iterRps = cap.recs().get("order").count(201) / cap.seconds();
        long capOrders = cap.recs().get("order").count(201);
        double orderAppUs = cap.meter().cpuSeconds("app") * 1e6 / Math.max(1, capOrders);
        double orderPgUs = cap.meter().cpuSeconds("postgres") * 1e6 / Math.max(1, capOrders);
        log("\norder capacity (closed, explicit seats, " + ORDER_SEATS + " a order): " + f0(iterRps) + " hold+order/s"
                + (capFull.get() ? " (event ran out of seats early)" : "") + "\n  holds: " + cap.recs().get("hold").summary()
                + "\n  orders: " + cap.recs().get("order").summary() + "\n  CPU a hold+order: app " + f0(orderAppUs)
                + " us, PostgreSQL backends " + f0(orderPgUs) + " us\n  server-side mean: orders "
                + f1(serverMeanMs(m6, m7, "bookit_orders")) + " ms\n  cpu: " + cap.cpu());
        double orderRate = RATE_FRACTION * iterRps;
        int needRows = (int) Math.ceil(orderRate * SECONDS * ORDER_SEATS * 1.2 / SEATS_PER_ROW) + 1;
        Event openEvent = event("order-open", Math.min(500, needRows), SEATS_PER_ROW);
        AtomicBoolean openFull = new AtomicBoolean();
        String m8 = metrics();
        Outcome orderOpen = open(orderRate, SECONDS, CLIENTS * 4, holdAndOrder(openEvent, new AtomicInteger(), openFull, null));
        String m9 = metrics();
        Rec oHold = orderOpen.recs().get("hold");
        Rec oOrder = orderOpen.recs().get("order");
        Rec oIter = orderOpen.recs().get("iteration");
        log("\nopen-model hold+order at " + f0(orderRate) + "/s (" + pct(RATE_FRACTION) + " of max): achieved "
                + f0(oOrder.count(201) / orderOpen.seconds()) + " orders/s, late starts " + orderOpen.late()
                + (openFull.get() ? " (event ran out of seats)" : "")
                + "\n  holds (from scheduled start): " + oHold.summary() + "\n  orders: " + oOrder.summary()
                + "\n  whole iteration from scheduled start: " + oIter.summary() + "\n  server-side mean: holds "
                + f1(serverMeanMs(m8, m9, "bookit_holds")) + " ms, orders " + f1(serverMeanMs(m8, m9, "bookit_orders"))
                + " ms\n  cpu: " + orderOpen.cpu());

        // -- the table
        row("Health `/q/health/live`, closed, " + CLIENTS + " clients", f0(healthRps) + " req/s",
                "p50 " + f1(healthRec.pct(50)) + " / p99 " + f1(healthRec.pct(99)) + " ms",
                "baseline; app CPU " + f0(healthCpuUs) + " us/request", "");
        row("Hold (`POST .../holds`, 1 random seat, then DELETE), closed, " + CLIENTS + " clients",
                f0(holdRps) + " holds/s (" + f0(placedRps) + " placed, " + hold.count(409) + " x 409 in total) + "
                        + f0(releaseRps) + " releases/s",
                "p50 " + f1(hold.pct(50)) + " / p95 " + f1(hold.pct(95)) + " / p99 " + f1(hold.pct(99)) + " ms",
                "holds/health " + pct(holdRps / healthRps) + "; (holds+releases)/health "
                        + pct((holdRps + releaseRps) / healthRps) + "; app CPU " + f0(holdCpuUs) + " us/request = "
                        + f1(holdCpuUs / healthCpuUs) + "x health",
                holdRps / healthRps >= 0.6 ? ">= 60 %: met" : ">= 60 %: **not met**");
        row("Raw Redis `EVALSHA` hold script, redis-benchmark, " + CLIENTS + " clients", f0(evalRps) + " calls/s",
                "p50 " + last[4] + " / p95 " + last[5] + " / p99 " + last[6] + " ms",
                "app holds/EVALSHA " + pct(holdRps / evalRps), "");
        row("Hold, open model at " + pct(RATE_FRACTION) + " of max (" + f0(holdRate) + "/s)",
                f0(holdOpenRec.n / holdOpen.seconds()) + " holds/s",
                "p50 " + f1(holdOpenRec.pct(50)) + " / p95 " + f1(holdOpenRec.pct(95)) + " / p99 " + f1(holdOpenRec.pct(99)) + " ms",
                "", holdOpenRec.pct(99) <= 50 ? "p99 <= 50 ms: met" : "p99 <= 50 ms: **not met**");
        row("Hold+order capacity, closed, " + CLIENTS + " clients, " + ORDER_SEATS + " seats an order",
                f0(iterRps) + " orders/s", "order p50 " + f1(cap.recs().get("order").pct(50)) + " / p99 "
                        + f1(cap.recs().get("order").pct(99)) + " ms", "CPU a hold+order: app " + f0(orderAppUs)
                        + " us, PostgreSQL " + f0(orderPgUs) + " us", "");
        row("Order `POST /api/orders`, open model at " + pct(RATE_FRACTION) + " of max (" + f0(orderRate) + " hold+order/s)",
                f0(oOrder.count(201) / orderOpen.seconds()) + " orders/s",
                "order p50 " + f1(oOrder.pct(50)) + " / p95 " + f1(oOrder.pct(95)) + " / p99 " + f1(oOrder.pct(99))
                        + " ms; its hold p99 " + f1(oHold.pct(99)) + " ms",
                "", oOrder.pct(99) <= 200 ? "p99 <= 200 ms: met" : "p99 <= 200 ms: **not met**");
        boolean clean = soldInMap == sellEvent.capacity() && sold.size() == sellEvent.capacity() && doubles == 0
                && pg.equals(sellEvent.capacity() + " tickets, " + sellEvent.capacity() + " distinct seats");
        row("Sell-out of " + sellEvent.capacity() + " seats, " + CLIENTS + " buyers, bestAvailable " + ORDER_SEATS
                + " (then 1)", f0(seatsPerSecond) + " confirmed seats/s (" + f1(sell.seconds()) + " s)",
                "order p50 " + f1(sellOrders.pct(50)) + " / p99 " + f1(sellOrders.pct(99)) + " ms",
                "map SOLD " + soldInMap + ", PostgreSQL " + pg + ", double sales " + doubles,
                (seatsPerSecond >= 1000 ? ">= 1,000/s: met" : ">= 1,000/s: **not met**") + "; "
                        + (clean ? "no double sale: met" : "**sell-out check failed**"));

        writeReport("| measurement | throughput | latency | ratio / check | target |", REPORT, COMMAND);
        System.exit(0);
    }

    /** The markdown report: the TABLE under {@code header}, the command, and the raw output; also printed. */
    static void writeReport(String header, String report, String command) throws IOException {
        StringBuilder md = new StringBuilder(header).append("\n|---|---|---|---|---|\n");
        for (String[] r : TABLE) {
            md.append("| ").append(String.join(" | ", r)).append(" |\n");
        }
        md.append("\nCommand: `").append(command).append("`\n\n<details><summary>Raw output</summary>\n\n```\n")
                .append(OUT).append("```\n</details>\n");
        Files.createDirectories(Path.of(report).toAbsolutePath().getParent());
        Files.writeString(Path.of(report), md.toString());
        System.out.println("\n" + md);
    }
}
