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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shared HTTP client, fixtures, latency recorder and /proc CPU accounting of the live-map and waiting-room drivers
 * (bench/LiveMapBench.java and bench/WaitingRoomBench.java extend it; bench/AsyncLoad.java uses it), with the closed
 * and open load models and the report helpers: plain blocking HTTP/1.1 keep-alive sockets, latency in the open model
 * measured from each request's scheduled start. No dependencies; bench/live.sh and bench/waiting-room.sh compile it
 * together with the driver they run.
 */
public class BenchSupport {

    static final String BASE = env("BENCH_BASE_URL", "http://127.0.0.1:8085");
    static final int SECONDS = Integer.parseInt(env("BENCH_SECONDS", "15"));
    static final int ROWS = Integer.parseInt(env("BENCH_ROWS", "40"));
    static final int SEATS_PER_ROW = Integer.parseInt(env("BENCH_SEATS_PER_ROW", "50"));
    static final String PG_DB = env("BENCH_PG_DB", "bookit_bench");
    static final String APP_PID = env("BENCH_APP_PID", "");

    static final String HOST = URI.create(BASE).getHost();
    static final int PORT = URI.create(BASE).getPort();
    /** Health and metrics are served on the management interface, not on the API port. */
    static final int MANAGEMENT_PORT = Integer.parseInt(env("BENCH_MANAGEMENT_PORT", "9000"));

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
    static class Cpu {
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
            moreGroups(groups);
            groups.forEach((g, pids) -> before.put(g, pids.stream().mapToLong(BenchSupport::ticksOf).sum()));
            machineBefore = machineTicks();
            startNanos = System.nanoTime();
            return this;
        }

        Cpu stop() {
            seconds += (System.nanoTime() - startNanos) / 1e9;
            groups.forEach((g, pids) -> used.merge(g, pids.stream().mapToLong(BenchSupport::ticksOf).sum() - before.get(g),
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

        /** Groups of a driver's own after the driver (LiveMapBench: its subscriber JVM); none here. */
        void moreGroups(Map<String, List<String>> groups) {
        }
    }

    // ---------------------------------------------------------------- load models

    interface Iteration {
        void run(Recs recs, int client, long startNanos) throws Exception;
    }

    record Outcome(Recs recs, double seconds, long iterations, String cpu, long late, Cpu meter) {
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

    static String holdBody(List<String> seats) {
        return "{\"seats\":[\"" + String.join("\",\"", seats) + "\"]}";
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
