import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Live seat map benchmark (issues 3 and 23): hold throughput on one event with 0 and then many WebSocket subscribers
 * of {@code GET /api/events/{id}/seats/live?view=compact} (the web app's socket), change-to-client latency measured
 * by a sample of the subscribers, and the CPU of the app per frame written and per subscriber.
 * <p>
 * Two kinds of subscribers: the samplers (every BENCH_SAMPLE_EVERY-th) run here, with the hold clients, because they
 * time each seat change against the hold request that caused it (they read every frame, decode compact snapshots and
 * diff them); the bulk run in a JVM of their own (bench/LiveSubscribers.java, a Vert.x client that only counts bytes
 * and checks versions), so that their CPU is reported apart from the app's. It reuses bench/BenchSupport.java's HTTP
 * client, CPU accounting and fixtures; bench/live.sh compiles them together and documents the environment variables.
 */
public class LiveMapBench extends BenchSupport {

    static final int CLIENTS = Integer.parseInt(env("BENCH_CLIENTS", "32"));
    static final int WARMUP_SECONDS = Integer.parseInt(env("BENCH_WARMUP_SECONDS", "30"));
    static final int[] SUBSCRIBERS = Arrays.stream(env("BENCH_SUBSCRIBERS", "1000,10000").split(","))
            .mapToInt(s -> Integer.parseInt(s.trim())).toArray();
    static final int SAMPLE_EVERY = Integer.parseInt(env("BENCH_SAMPLE_EVERY", "500"));
    static final String PG_DB = env("BENCH_PG_DB", "bookit_bench_live");
    static final String REPORT = env("BENCH_REPORT", "target/live-bench-report.md");
    static final String COMMAND = env("BENCH_COMMAND", "bench/live.sh");
    static final String LABEL = env("BENCH_LABEL", "this build");
    static final String VIEW = env("BENCH_VIEW", "view=compact");
    static final String SUBSCRIBER_CLASSPATH = env("BENCH_SUBSCRIBER_CLASSPATH", "");
    static final String SUBSCRIBER_JAVA_OPTS = env("BENCH_SUBSCRIBER_JAVA_OPTS", "-Xmx1g -Xss256k");

    // ---------------------------------------------------------------- CPU accounting from /proc

    /** BenchSupport's, with the subscriber JVM as a group of its own. */
    static final class Cpu extends BenchSupport.Cpu {
        @Override
        Cpu start() {
            super.start();
            return this;
        }

        @Override
        void moreGroups(Map<String, List<String>> groups) {
            groups.put("subscribers", bulkPid == null ? List.of() : List.of(bulkPid));
        }
    }

    // ---------------------------------------------------------------- latency samples

    /** Latencies in microseconds; synchronized, filled from the WebSocket callback threads and the hold clients. */
    static final class Lat {
        private long[] a = new long[1 << 16];
        private int n;

        synchronized void add(long micros) {
            if (n == a.length) {
                a = Arrays.copyOf(a, n * 2);
            }
            a[n++] = micros;
        }

        synchronized int count() {
            return n;
        }

        synchronized double pct(double p) {
            if (n == 0) {
                return Double.NaN;
            }
            long[] s = Arrays.copyOf(a, n);
            Arrays.sort(s);
            return s[Math.min(n - 1, Math.max(0, (int) Math.ceil(p / 100.0 * n) - 1))] / 1000.0;
        }

        String summary() {
            return String.format(Locale.ROOT, "p50 %.1f / p95 %.1f / p99 %.1f / max %.1f ms (n=%d)", pct(50), pct(95),
                    pct(99), pct(100), count());
        }
    }

    // ---------------------------------------------------------------- the hold side

    static Event event;
    static Map<String, Integer> seatIndex;
    /** Send time (System.nanoTime) of the latest hold request of each seat; 0 = never held. */
    static AtomicLong[] sentAt;
    static volatile boolean measuring;
    static volatile Lat changeLatency = new Lat();
    static volatile Lat afterResponse = new Lat();
    /** Response time of the latest 201 hold of each seat (nanoTime), to report receipt relative to the answer. */
    static AtomicLong[] answeredAt;

    /**
     * Closed model: client c cycles through its own seats (c, c + CLIENTS, c + 2 CLIENTS, ...), holds one, releases it
     * at once (DELETE). Seats are disjoint between clients, so no 409 and each seat's hold can be matched to the first
     * delta frame naming it after the request was sent.
     */
    record HoldResult(long holds, long placed, long others, double seconds, Lat holdLat, Lat releaseLat, String cpu,
            Cpu meter) {
    }

    static HoldResult holdPhase(double seconds, boolean measure) throws InterruptedException {
        AtomicLong holds = new AtomicLong();
        AtomicLong placed = new AtomicLong();
        AtomicLong others = new AtomicLong();
        Lat holdLat = new Lat();
        Lat releaseLat = new Lat();
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        CountDownLatch done = new CountDownLatch(CLIENTS);
        Cpu cpu = new Cpu().start();
        measuring = measure;
        long t0 = System.nanoTime();
        AtomicLong lastEnd = new AtomicLong(t0);
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            new Thread(() -> {
                try {
                    String token = buyers.get(client);
                    int k = 0;
                    while (System.nanoTime() < end) {
                        int idx = client + CLIENTS * k;
                        if (idx >= event.capacity()) {
                            k = 0;
                            idx = client;
                        }
                        k++;
                        long start = System.nanoTime();
                        sentAt[idx].set(start);
                        Resp hold = call("POST", "/api/events/" + event.id() + "/holds", token,
                                "{\"seats\":[\"" + event.seat(idx) + "\"]}");
                        long answered = System.nanoTime();
                        holdLat.add((answered - start) / 1000);
                        holds.incrementAndGet();
                        statuses.computeIfAbsent(hold.status(), s -> new AtomicInteger()).incrementAndGet();
                        if (hold.status() == 201) {
                            placed.incrementAndGet();
                            answeredAt[idx].set(answered);
                            long r0 = System.nanoTime();
                            Resp rel = call("DELETE", "/api/holds/" + field(hold.body(), "id"), token, null);
                            releaseLat.add((System.nanoTime() - r0) / 1000);
                            if (rel.status() / 100 != 2) {
                                others.incrementAndGet();
                            }
                        } else {
                            others.incrementAndGet();
                        }
                    }
                } catch (RuntimeException e) {
                    System.err.println("client " + client + ": " + e);
                } finally {
                    lastEnd.accumulateAndGet(System.nanoTime(), Math::max);
                    done.countDown();
                }
            }).start();
        }
        done.await();
        measuring = false;
        cpu.stop();
        if (others.get() > 0) {
            log("  non-2xx answers: " + others.get() + " (hold statuses " + statuses + ")");
        }
        return new HoldResult(holds.get(), placed.get(), others.get(), (lastEnd.get() - t0) / 1e9, holdLat, releaseLat,
                cpu.result, cpu);
    }

    // ---------------------------------------------------------------- the subscriber side

    static final Pattern CHANGE_ID = Pattern.compile("\\{\"id\":\"([^\"]+)\",\"status\":\"([A-Z]+)\"\\}");
    static final Pattern FROM = Pattern.compile("\"fromVersion\":(\\d+)");
    static final Pattern VERSION = Pattern.compile("\"version\":(\\d+)");
    static final Pattern STATUSES = Pattern.compile("\"statuses\":\"([^\"]*)\"");
    static final Pattern LAYOUT_ID = Pattern.compile("\\{\"id\":\"([^\"]+)\",\"section\"");
    /** Seat ids in layout order (GET /api/events/{id}/layout), the order of the compact statuses. */
    static String[] layoutOrder;
    static Map<String, Integer> layoutIndex;
    static String bulkPid;
    static Process bulk;
    static java.io.BufferedReader bulkOut;
    static java.io.PrintWriter bulkIn;
    static int bulkConnected;

    static final AtomicLong frames = new AtomicLong();
    static final AtomicLong snapshots = new AtomicLong();
    static final AtomicLong deltas = new AtomicLong();
    static final AtomicLong gaps = new AtomicLong();
    static final AtomicLong closes = new AtomicLong();
    static final AtomicLong errors = new AtomicLong();
    static final AtomicLong otherFrames = new AtomicLong();
    static final AtomicLong bytes = new AtomicLong();
    static final AtomicLong sampledChanges = new AtomicLong();
    static final AtomicLong unmatched = new AtomicLong();
    static final List<WebSocket> sockets = java.util.Collections.synchronizedList(new ArrayList<>());

    /**
     * One subscriber. Every one counts frames and bytes; a sampler (every SAMPLE_EVERY-th) also assembles whole frames,
     * checks the version rule of docs/LIVE_SEAT_MAP.md and times each seat change against the hold that caused it.
     */
    static final class Sub implements WebSocket.Listener {
        final boolean sampler;
        final CountDownLatch firstSnapshot;
        final Semaphore connecting;
        final StringBuilder buf = new StringBuilder();
        final StringBuilder head = new StringBuilder(24);
        boolean midMessage;
        boolean gotSnapshot;
        long version = -1;
        /** Per seat, the send time already matched by this subscriber (a later frame with the release is skipped). */
        final long[] matched;

        Sub(boolean sampler, CountDownLatch firstSnapshot, Semaphore connecting) {
            this.sampler = sampler;
            this.firstSnapshot = firstSnapshot;
            this.connecting = connecting;
            this.matched = sampler ? new long[event.capacity()] : null;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            long now = System.nanoTime();
            bytes.addAndGet(data.length());
            if (!midMessage) {
                frames.incrementAndGet();
                head.setLength(0);
            }
            if (head.length() < 24) { // the type may be split over parts
                head.append(data, 0, Math.min(data.length(), 24 - head.length()));
                classify(head.length() >= 24 || last);
            }
            midMessage = !last;
            if (sampler) {
                buf.append(data);
                if (last) {
                    frame(buf.toString(), now);
                    buf.setLength(0);
                }
            }
            ws.request(1);
            return null;
        }

        /** Counts the frame once its first 24 characters (or all of it) are in. */
        void classify(boolean complete) {
            if (!complete) {
                return;
            }
            String h = head.toString();
            if (h.contains("\"snapshot\"")) {
                snapshots.incrementAndGet();
                if (!gotSnapshot) {
                    gotSnapshot = true;
                    firstSnapshot.countDown();
                    connecting.release();
                }
            } else if (h.contains("\"delta\"")) {
                deltas.incrementAndGet();
            } else {
                if (otherFrames.incrementAndGet() <= 5) {
                    System.err.println("frame: " + h);
                }
            }
        }

        /** The statuses of the last compact snapshot (layout order), to tell which seats a later one changed. */
        byte[] statuses;

        void frame(String text, long now) {
            if (text.startsWith("{\"type\":\"snapshot\"")) {
                Matcher v = VERSION.matcher(text);
                if (v.find()) {
                    long snapshotVersion = Long.parseLong(v.group(1));
                    if (snapshotVersion < version) {
                        gaps.incrementAndGet();
                    }
                    version = snapshotVersion;
                }
                Matcher st = STATUSES.matcher(text);
                if (st.find()) {
                    byte[] fresh = java.util.Base64.getDecoder().decode(st.group(1));
                    if (statuses != null && measuring) {
                        for (int i = 0; i < layoutOrder.length; i++) {
                            int shift = 6 - 2 * (i & 3);
                            if (((fresh[i >> 2] >> shift) & 3) != ((statuses[i >> 2] >> shift) & 3)) {
                                timeChange(layoutOrder[i], now);
                            }
                        }
                    }
                    statuses = fresh;
                }
                return;
            }
            if (!text.startsWith("{\"type\":\"delta\"")) {
                return;
            }
            Matcher f = FROM.matcher(text);
            Matcher v = VERSION.matcher(text);
            if (f.find() && v.find()) {
                long from = Long.parseLong(f.group(1));
                if (version >= 0 && from != version + 1) {
                    gaps.incrementAndGet();
                }
                version = Long.parseLong(v.group(1));
            }
            Matcher m = CHANGE_ID.matcher(text);
            while (m.find()) {
                if (statuses != null) { // keep the compact view current, so that the next snapshot diffs right
                    int at = layoutIndex.getOrDefault(m.group(1), -1);
                    if (at >= 0) {
                        int code = switch (m.group(2)) {
                            case "HELD" -> 1;
                            case "SOLD" -> 2;
                            default -> 0;
                        };
                        int shift = 6 - 2 * (at & 3);
                        statuses[at >> 2] = (byte) ((statuses[at >> 2] & ~(3 << shift)) | (code << shift));
                    }
                }
                if (measuring) {
                    timeChange(m.group(1), now);
                }
            }
        }

        /** The first frame after a hold request that shows its seat changed: change -> client. */
        void timeChange(String seat, long now) {
            {
                Integer idx = seatIndex.get(seat);
                if (idx == null) {
                    return;
                }
                long sent = sentAt[idx].get();
                if (sent == 0 || sent == matched[idx]) {
                    return; // the release of a hold already timed, or a seat nobody held
                }
                matched[idx] = sent;
                sampledChanges.incrementAndGet();
                if (sent > now) {
                    unmatched.incrementAndGet();
                    return;
                }
                changeLatency.add((now - sent) / 1000);
                long answered = answeredAt[idx].get();
                if (answered > sent) {
                    afterResponse.add((now - answered) / 1000); // negative: the frame came before the HTTP answer
                }
            }
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closes.incrementAndGet();
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            errors.incrementAndGet();
            if (!gotSnapshot) {
                gotSnapshot = true;
                firstSnapshot.countDown();
                connecting.release();
            }
        }
    }

    static final List<HttpClient> httpClients = new ArrayList<>();
    static final ExecutorService wsPool = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "ws");
        t.setDaemon(true);
        return t;
    });
    static int connected;

    /** The bulk subscribers' JVM (bench/LiveSubscribers.java), on the classpath of the app's own Vert.x. */
    static void startBulk() throws IOException {
        List<String> command = new ArrayList<>(List.of("java"));
        command.addAll(Arrays.asList(SUBSCRIBER_JAVA_OPTS.split(" ")));
        command.addAll(List.of("-cp", SUBSCRIBER_CLASSPATH, "LiveSubscribers", BASE, event.id(), VIEW));
        bulk = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        bulkPid = Long.toString(bulk.pid());
        bulkIn = new java.io.PrintWriter(bulk.getOutputStream(), true, StandardCharsets.UTF_8);
        bulkOut = new java.io.BufferedReader(new java.io.InputStreamReader(bulk.getInputStream(), StandardCharsets.UTF_8));
    }

    static String bulk(String command) throws IOException {
        bulkIn.println(command);
        String answer = bulkOut.readLine();
        if (answer == null) {
            throw new IOException("the subscriber JVM ended");
        }
        return answer;
    }

    /** frames, bytes, snapshots, deltas, gaps, closes, errors of the bulk subscribers. */
    static long[] bulkStats() throws IOException {
        String[] parts = bulk("stats").split(" ");
        long[] stats = new long[parts.length - 1];
        for (int i = 1; i < parts.length; i++) {
            stats[i - 1] = Long.parseLong(parts[i]);
        }
        return stats;
    }

    static int samplersFor(int target) {
        return (target + SAMPLE_EVERY - 1) / SAMPLE_EVERY;
    }

    /**
     * Opens subscribers until {@code target} are connected (samplers here, the rest in the subscriber JVM); returns
     * seconds until all had their first snapshot.
     */
    static double connect(int target) throws InterruptedException, IOException {
        int samplers = samplersFor(target);
        int addSamplers = samplers - sockets.size();
        CountDownLatch first = new CountDownLatch(Math.max(0, addSamplers));
        Semaphore inFlight = new Semaphore(200);
        URI uri = URI.create(BASE.replaceFirst("^http", "ws") + "/api/events/" + event.id() + "/seats/live"
                + (VIEW.isEmpty() ? "" : "?" + VIEW));
        long t0 = System.nanoTime();
        AtomicLong failed = new AtomicLong();
        if (httpClients.isEmpty()) {
            httpClients.add(HttpClient.newBuilder().executor(wsPool).connectTimeout(Duration.ofSeconds(30)).build());
        }
        for (int i = 0; i < addSamplers; i++) {
            inFlight.acquire();
            Sub sub = new Sub(true, first, inFlight);
            httpClients.get(0).newWebSocketBuilder().buildAsync(uri, sub).whenComplete((ws, e) -> {
                if (e != null) {
                    failed.incrementAndGet();
                    sub.onError(null, e);
                } else {
                    sockets.add(ws);
                }
            });
        }
        String bulkAnswer = bulk("connect " + (target - samplers));
        boolean all = first.await(120, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - t0) / 1e9;
        connected = target;
        log("connected " + target + " subscribers (" + samplers + " samplers here; subscriber JVM: " + bulkAnswer + ") in "
                + f1(seconds) + " s" + (all ? "" : " (TIMED OUT)") + "; failed sampler connects " + failed.get());
        return seconds;
    }

    static void closeAll() throws IOException, InterruptedException {
        for (WebSocket ws : List.copyOf(sockets)) {
            ws.abort();
        }
        sockets.clear();
        log("subscriber JVM: " + bulk("close"));
        connected = 0;
    }

    // ---------------------------------------------------------------- report

    static String delivery(String before, String after) {
        double count = Double.parseDouble(metric(after, "bookit_seatmap_live_delivery_seconds_count"))
                - Double.parseDouble(metric(before, "bookit_seatmap_live_delivery_seconds_count"));
        double sum = Double.parseDouble(metric(after, "bookit_seatmap_live_delivery_seconds_sum"))
                - Double.parseDouble(metric(before, "bookit_seatmap_live_delivery_seconds_sum"));
        double lagging = Double.parseDouble(metric(after, "bookit_seatmap_live_lagging_total"))
                - Double.parseDouble(metric(before, "bookit_seatmap_live_lagging_total"));
        return "server delivery timer: " + f0(count) + " records, mean " + (count == 0 ? "n/a" : f1(sum / count * 1000))
                + " ms; slow-client fallbacks (lagging) " + f0(lagging) + "; connections gauge "
                + metric(after, "bookit_seatmap_live_connections");
    }

    record Row(String name, int subscribers, HoldResult r, Lat change, Lat fromAnswer, long frames, long bytes, long gaps,
            long snapshots, double lagging) {
    }

    /** App CPU-seconds per hold+release at 0 subscribers (mean of the baseline phases so far). */
    static double appPerHold = Double.NaN;

    static Row measure(String name) throws InterruptedException, IOException {
        changeLatency = new Lat();
        afterResponse = new Lat();
        long[] bulk0 = bulkStats();
        long f0 = frames.get() + bulk0[0];
        long b0 = bytes.get() + bulk0[1];
        long g0 = gaps.get() + bulk0[4];
        long s0 = snapshots.get() + bulk0[2];
        String m0 = metrics();
        HoldResult r = holdPhase(SECONDS, true);
        Thread.sleep(1000); // let the last frames arrive
        String m1 = metrics();
        long[] bulk1 = bulkStats();
        double lagging = Double.parseDouble(metric(m1, "bookit_seatmap_live_lagging_total"))
                - Double.parseDouble(metric(m0, "bookit_seatmap_live_lagging_total"));
        Row row = new Row(name, connected, r, changeLatency, afterResponse, frames.get() + bulk1[0] - f0,
                bytes.get() + bulk1[1] - b0, gaps.get() + bulk1[4] - g0, snapshots.get() + bulk1[2] - s0, lagging);
        log("\n" + name + ": " + f0(r.holds() / r.seconds()) + " holds/s (" + r.placed() + " placed in " + f1(r.seconds())
                + " s), hold " + r.holdLat().summary() + ", release " + r.releaseLat().summary());
        log("  frames received " + row.frames() + " (" + f0(row.frames() / r.seconds()) + "/s, " + f1(row.bytes() / 1e6)
                + " MB; " + row.snapshots() + " of them snapshots), version gaps seen by any subscriber " + row.gaps());
        if (connected > 0) {
            log("  change -> client (hold request sent -> delta frame naming the seat, " + (connected + SAMPLE_EVERY - 1)
                    / SAMPLE_EVERY + " sampling subscribers): " + row.change().summary());
            log("  hold answer -> same frame: " + row.fromAnswer().summary());
        }
        log("  " + delivery(m0, m1));
        log("  cpu: " + r.cpu() + "; app CPU a hold+release " + f0(r.meter().cpuSeconds("app") * 1e6 / Math.max(1, r.placed()))
                + " us");
        if (connected == 0) {
            double perHold = r.meter().cpuSeconds("app") / Math.max(1, r.placed());
            appPerHold = Double.isNaN(appPerHold) ? perHold : (appPerHold + perHold) / 2;
        } else {
            log("  " + perFrame(row));
        }
        return row;
    }

    /**
     * The fan-out's share of the app's CPU: the phase's app CPU less its holds at the baseline's cost a hold, per frame
     * received by the subscribers (= written by the app) and per subscriber-second; the subscriber JVM's the same way.
     */
    static String perFrame(Row row) {
        double fanOut = row.r().meter().cpuSeconds("app") - appPerHold * row.r().placed();
        double subs = row.r().meter().cpuSeconds("subscribers");
        return "app CPU of the fan-out " + f1(fanOut * 1e6 / Math.max(1, row.frames())) + " us a frame written, "
                + f1(fanOut * 1e6 / row.r().seconds() / Math.max(1, row.subscribers())) + " us a subscriber-second; "
                + "subscriber JVM " + f1(subs * 1e6 / Math.max(1, row.frames())) + " us a frame received; "
                + f1(row.frames() / row.r().seconds() / Math.max(1, row.subscribers())) + " frames a subscriber-second, "
                + f0(row.bytes() / Math.max(1, row.frames())) + " B a frame";
    }

    public static void main(String[] args) throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        log("Run " + Instant.now() + " against " + BASE + "; " + CLIENTS + " hold clients, " + SECONDS + " s a phase, "
                + cores + " cores shared by driver, app, PostgreSQL and Redis.");
        organizer = register("organizer", "ORGANIZER");
        String[] tokens = new String[CLIENTS];
        parallel(CLIENTS, 4, i -> tokens[i] = register("buyer" + i, "ATTENDEE"));
        buyers = List.of(tokens);
        event = event("live", ROWS, SEATS_PER_ROW);
        seatIndex = new HashMap<>();
        sentAt = new AtomicLong[event.capacity()];
        answeredAt = new AtomicLong[event.capacity()];
        for (int i = 0; i < event.capacity(); i++) {
            seatIndex.put(event.seat(i), i);
            sentAt[i] = new AtomicLong();
            answeredAt[i] = new AtomicLong();
        }
        log("Set-up: 1 organizer, " + CLIENTS + " buyers, event " + event.id() + " of " + ROWS + " x " + SEATS_PER_ROW
                + " seats; build: " + LABEL + "; subscribers' query: " + (VIEW.isEmpty() ? "(none)" : VIEW));
        Matcher ids = LAYOUT_ID.matcher(call("GET", "/api/events/" + event.id() + "/layout", null, null).body());
        List<String> order = new ArrayList<>();
        while (ids.find()) {
            order.add(ids.group(1));
        }
        layoutOrder = order.toArray(String[]::new);
        layoutIndex = new HashMap<>();
        for (int i = 0; i < layoutOrder.length; i++) {
            layoutIndex.put(layoutOrder[i], i);
        }
        startBulk();

        // warm-up: holds with a few subscribers (JIT of the hold path and of the live feed)
        connect(Math.min(50, SUBSCRIBERS[0]));
        HoldResult warm = holdPhase(WARMUP_SECONDS, false);
        log("warm-up (" + connected + " subscribers): " + f0(warm.holds() / warm.seconds()) + " holds/s");
        closeAll();
        Thread.sleep(2000);

        List<Row> rows = new ArrayList<>();
        rows.add(measure("baseline, 0 subscribers"));
        List<Double> connectSeconds = new ArrayList<>();
        for (int n : SUBSCRIBERS) {
            connectSeconds.add(connect(n));
            Thread.sleep(2000);
            rows.add(measure(n + " subscribers"));
        }
        long[] bulkEnd = bulkStats();
        long closedEarly = closes.get() + bulkEnd[5];
        closeAll();
        Thread.sleep(3000);
        rows.add(measure("baseline again, 0 subscribers"));

        double base = (rows.get(0).r().holds() / rows.get(0).r().seconds()
                + rows.get(rows.size() - 1).r().holds() / rows.get(rows.size() - 1).r().seconds()) / 2;
        log("\nTotals: snapshots " + (snapshots.get() + bulkEnd[2]) + ", deltas " + (deltas.get() + bulkEnd[3])
                + ", other frames " + otherFrames.get() + ", WebSocket errors " + (errors.get() + bulkEnd[6])
                + ", closes by server before the end " + closedEarly + ", sampled seat changes "
                + sampledChanges.get() + " (" + unmatched.get() + " could not be matched)");
        log("\n" + LABEL + ":\n| subscribers | hold throughput | vs baseline (mean of both 0-subscriber phases, " + f0(base)
                + "/s) | hold p50 / p99 | change -> client p50 / p95 / p99 | frames to clients | gaps | slow-client snapshots | CPU split |");
        log("|---|---|---|---|---|---|---|---|---|");
        for (Row row : rows) {
            double rate = row.r().holds() / row.r().seconds();
            boolean subs = row.change().count() > 0;
            log("| " + row.name() + " | " + f0(rate) + " holds/s | " + (rate >= base ? "+" : "") + f1((rate / base - 1) * 100)
                    + " % | " + f1(row.r().holdLat().pct(50)) + " / " + f1(row.r().holdLat().pct(99)) + " ms | "
                    + (subs ? f1(row.change().pct(50)) + " / " + f1(row.change().pct(95)) + " / " + f1(row.change().pct(99))
                            + " ms (n=" + row.change().count() + ")" : "-")
                    + " | " + f0(row.frames() / row.r().seconds()) + "/s | " + row.gaps() + " | " + f0(row.lagging()) + " | "
                    + row.r().cpu() + " |");
        }
        for (Row row : rows) {
            if (row.subscribers() > 0) {
                log("- " + row.name() + ": " + perFrame(row));
            }
        }
        bulk("exit");
        log("connect times: " + connectSeconds + " s");
        Files.writeString(Path.of(REPORT), OUT.toString(), java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
        System.exit(0);
    }
}
