import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Waiting-room benchmark (issue 7): (a) the admission rate against the configured one with 10,000 joiners queued
 * before sales start, polling as the API advises; (b) admitted shoppers' hold+order latency with no crowd, then
 * during a crowd of joins, polls and token-less holds at 5x the maximum hold rate measured in the same run, how fast
 * the excess callers are answered (429 or a queue position), and whether anything answers 5xx. Rate limits are ON.
 * No dependencies; it reuses bench/BenchSupport.java's HTTP client, load models, CPU accounting and fixtures, so
 * bench/waiting-room.sh compiles them together (with bench/AsyncLoad.java) and runs this class; the script documents
 * the variables.
 */
public class WaitingRoomBench extends BenchSupport {

    static final int JOINERS = Integer.parseInt(env("BENCH_JOINERS", "10000"));
    static final int PER_MINUTE = Integer.parseInt(env("BENCH_ADMISSIONS_PER_MINUTE", "6000"));
    static final int CROWD = Integer.parseInt(env("BENCH_CROWD", "500"));
    static final int CROWD_PER_ADDRESS = Integer.parseInt(env("BENCH_CROWD_PER_ADDRESS", "10"));
    static final double SPIKE_FACTOR = Double.parseDouble(env("BENCH_SPIKE_FACTOR", "5"));
    /** A fixed crowd rate instead of SPIKE_FACTOR x the measured max hold rate: the same load for an A/B of builds. */
    static final double SPIKE_RATE = Double.parseDouble(env("BENCH_SPIKE_RATE", "0"));
    static final double SHOP_RATE = Double.parseDouble(env("BENCH_SHOP_RATE", "20"));
    static final int CLIENTS = Integer.parseInt(env("BENCH_CLIENTS", "32"));
    static final int POLL_WORKERS = Integer.parseInt(env("BENCH_POLL_WORKERS", "32"));
    static final int WARMUP_SECONDS = Integer.parseInt(env("BENCH_WARMUP_SECONDS", "20"));
    static final double CROWD_WARMUP_RATE = Double.parseDouble(env("BENCH_CROWD_WARMUP_RATE", "3000"));
    static final int CROWD_WARMUP_ROUNDS = Integer.parseInt(env("BENCH_CROWD_WARMUP_ROUNDS", "24"));
    /** A warm-up round's length, and the JIT compilers' share of a core below which a round counts as settled. */
    static final int WARMUP_ROUND_SECONDS = 5;
    static final double JIT_SETTLED = 0.05;
    static final int ROWS = Integer.parseInt(env("BENCH_ROWS", "500"));
    static final String REPORT = env("BENCH_REPORT", "target/waiting-room-report.md");
    static final String COMMAND = env("BENCH_COMMAND", "bench/waiting-room.sh");
    /** The first seats take the hold+release load (released at once); orders take disjoint pairs after them. */
    static final int HOLD_SEATS = 5_000;
    static final Pattern STATUS = Pattern.compile("\"status\":\"([A-Z_]+)\"");
    static final Pattern WAIT = Pattern.compile("\"estimatedWaitSeconds\":(\\d+|null)");

    /** A simulated person: bearer token, own client address (X-Forwarded-For), queue entry, admission token. */
    static final class Person {
        final String token;
        final String headers;
        volatile String queueId;
        volatile String admission;
        volatile long admittedSeenNanos;
        int polls;

        Person(String token, String address) {
            this.token = token;
            this.headers = "X-Forwarded-For: " + address + "\r\n";
        }

        String shopHeaders() {
            return headers + "X-Admission-Token: " + admission + "\r\n";
        }
    }

    /** A poll due at a time, for the poll workers' DelayQueue. */
    record Poll(Person who, long dueNanos) implements Delayed {
        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(dueNanos, ((Poll) other).dueNanos);
        }
    }

    static String address(int i) {
        return "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255);
    }

    static Resp timedH(Recs recs, String kind, long start, String method, String path, Person p, String headers,
            String body) {
        Resp r = call(method, path, p.token, body, headers);
        recs.add(kind, (System.nanoTime() - start) / 1000, r.status());
        return r;
    }

    static String status(String json) {
        Matcher m = STATUS.matcher(json);
        return m.find() ? m.group(1) : "?";
    }

    /** Seconds until the next poll: half the advised wait, between 1 and 15 s, jittered (5 s while it is null). */
    static double nextPollSeconds(String json) {
        Matcher m = WAIT.matcher(json);
        double wait = m.find() && !m.group(1).equals("null") ? Math.min(15, Math.max(1, Long.parseLong(m.group(1)) / 2.0))
                : 5;
        return wait * (0.8 + 0.4 * ThreadLocalRandom.current().nextDouble());
    }

    static List<Person> people(String prefix, int n, int offset, int perAddress) throws InterruptedException {
        Person[] out = new Person[n];
        parallel(n, 8, i -> out[i] = new Person(register(prefix + i, "ATTENDEE"), address(offset + i / perAddress)));
        return List.of(out);
    }

    // ---------------------------------------------------------------- scenarios

    /** Hold one random seat of the first HOLD_SEATS with the shopper's admission token, release it at once. */
    static Iteration holdRelease(Event e, List<Person> pool) {
        AtomicInteger next = new AtomicInteger();
        return (recs, client, start) -> {
            Person p = pool.get(Math.floorMod(next.getAndIncrement(), pool.size()));
            String seat = e.seat(ThreadLocalRandom.current().nextInt(HOLD_SEATS));
            Resp hold = timedH(recs, "hold", start, "POST", "/api/events/" + e.id() + "/holds", p, p.shopHeaders(),
                    holdBody(List.of(seat)));
            if (hold.status() == 201) {
                timedH(recs, "release", System.nanoTime(), "DELETE", "/api/holds/" + field(hold.body(), "id"), p,
                        p.headers, null);
            }
        };
    }

    /** An admitted shopper (each once: an order ends the session) holds 2 seats nobody else asks for and orders. */
    static Iteration shop(Event e, Queue<Person> shoppers, AtomicInteger seats) {
        return (recs, client, start) -> {
            Person p = shoppers.poll();
            if (p == null) {
                recs.add("no-shopper-left", 0, 0);
                return;
            }
            int first = HOLD_SEATS + seats.getAndAdd(2);
            Resp hold = timedH(recs, "hold", start, "POST", "/api/events/" + e.id() + "/holds", p, p.shopHeaders(),
                    holdBody(List.of(e.seat(first), e.seat(first + 1))));
            if (hold.status() != 201) {
                recs.add("iteration", (System.nanoTime() - start) / 1000, hold.status());
                return;
            }
            Resp order = timedH(recs, "order", System.nanoTime(), "POST", "/api/orders", p, p.headers,
                    "{\"holdId\":\"" + field(hold.body(), "id") + "\"}");
            recs.add("iteration", (System.nanoTime() - start) / 1000, order.status());
        };
    }

    /**
     * The crowd: a random crowd member joins (again), polls its entry, or tries to hold without an admission token,
     * a third each. Every answer is also recorded as "excess", by what it told the caller. Runs on {@link AsyncLoad}:
     * thousands of requests a second on blocking worker threads cost the driver most of this machine's CPU.
     */
    static AsyncLoad.Iteration crowd(Event e, List<Person> crowd) {
        record Ask(String kind, Person person) {
        }
        return new AsyncLoad.Iteration() {
            private volatile long origin; // the phase's start: answers are also counted by second

            @Override
            public void started(long t0) {
                origin = t0;
            }

            @Override
            public AsyncLoad.Request next() {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                Person p = crowd.get(random.nextInt(crowd.size()));
                int action = random.nextInt(3);
                if (action == 0 || (action == 1 && p.queueId == null)) {
                    return new AsyncLoad.Request("POST", "/api/events/" + e.id() + "/queue", p.token, null, p.headers,
                            new Ask("crowd-join", p));
                }
                if (action == 1) {
                    return new AsyncLoad.Request("GET", "/api/queue/" + p.queueId, p.token, null, p.headers,
                            new Ask("crowd-poll", p));
                }
                String seat = e.seat(random.nextInt(Math.min(HOLD_SEATS, e.rows() * e.perRow())));
                return new AsyncLoad.Request("POST", "/api/events/" + e.id() + "/holds", p.token,
                        holdBody(List.of(seat)), p.headers, new Ask("crowd-hold", p));
            }

            @Override
            public void answered(AsyncLoad.Request request, int status, String body, long start, Recs recs) {
                Ask ask = (Ask) request.context();
                if (ask.kind().equals("crowd-join") && status == 201 && ask.person().queueId == null) {
                    ask.person().queueId = field(body, "queueId");
                }
                long micros = (System.nanoTime() - start) / 1000;
                recs.add(ask.kind(), micros, status);
                String told = status == 429 ? "429"
                        : status == 200 || status == 201 ? "queue-" + status(body)
                        : status == 403 ? "403-admission-required" : Integer.toString(status);
                recs.add("excess", micros, status);
                recs.add("excess:" + told, micros, status);
                recs.add("excess@" + (start - origin) / 1_000_000_000L, micros, status);
                if (start - origin < 1_000_000_000L) {
                    recs.add("excess@0." + (start - origin) / 100_000_000L, micros, status);
                }
            }
        };
    }

    /**
     * The crowd's paths at a rate that leaves the compilers CPU, on another event with other accounts (the spike's
     * accounts keep full buckets and its event has no refusal remembered), in rounds until the JIT compiler threads of
     * the app and of this driver used under {@link #JIT_SETTLED} of a core in a round: a spike measured while the JIT
     * still works through its backlog measures the compiler (20-30 % of the app's CPU here), not the app.
     */
    static List<Outcome> warmUpCrowd(Event e, List<Person> crowd) throws Exception {
        String driver = Long.toString(ProcessHandle.current().pid());
        List<Outcome> rounds = new ArrayList<>();
        for (int round = 1; round <= CROWD_WARMUP_ROUNDS; round++) {
            long app0 = compilerTicksOf(APP_PID);
            long driver0 = compilerTicksOf(driver);
            Outcome o = AsyncLoad.open(CROWD_WARMUP_RATE, WARMUP_ROUND_SECONDS, 512, 2, crowd(e, crowd));
            rounds.add(o);
            double app = (compilerTicksOf(APP_PID) - app0) / 100.0 / o.seconds();
            double self = (compilerTicksOf(driver) - driver0) / 100.0 / o.seconds();
            boolean settled = app < JIT_SETTLED && self < JIT_SETTLED;
            if (settled || round == CROWD_WARMUP_ROUNDS) {
                log("\ncrowd warm-up at " + f0(CROWD_WARMUP_RATE) + " req/s (other event, other accounts): " + round
                        + " rounds of " + WARMUP_ROUND_SECONDS + " s; JIT compilers in the last round: app " + pct(app)
                        + ", driver " + pct(self) + " of a core" + (settled ? "" : " (NOT SETTLED)") + "\n  last round: "
                        + o.recs().get("excess").summary() + "\n  cpu: " + o.cpu());
                break;
            }
        }
        return rounds;
    }

    // ---------------------------------------------------------------- phase (a): admissions

    record Admissions(double perMinute, double seconds, long admitted, double clientPerMinute, Rec polls, long pollCount,
            String cpu, double appUsPerPoll) {
    }

    static Admissions admissions(Event e, List<Person> joiners, Instant salesStart) throws Exception {
        DelayQueue<Poll> due = new DelayQueue<>();
        long startNanos = System.nanoTime() + (salesStart.toEpochMilli() - System.currentTimeMillis()) * 1_000_000;
        for (Person p : joiners) { // first poll spread over the first 2 s of the sale
            due.add(new Poll(p, startNanos + ThreadLocalRandom.current().nextLong(2_000_000_000L)));
        }
        AtomicInteger admittedSeen = new AtomicInteger();
        AtomicBoolean over = new AtomicBoolean();
        Recs recs = new Recs();
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < POLL_WORKERS; w++) {
            Thread t = new Thread(() -> {
                while (!over.get()) {
                    Poll poll;
                    try {
                        poll = due.poll(200, TimeUnit.MILLISECONDS);
                    } catch (InterruptedException ex) {
                        return;
                    }
                    if (poll == null) {
                        continue;
                    }
                    Person p = poll.who();
                    p.polls++;
                    Resp r = timedH(recs, "poll", poll.dueNanos(), "GET", "/api/queue/" + p.queueId, p, p.headers, null);
                    String s = r.status() == 200 ? status(r.body()) : "";
                    if (s.equals("ADMITTED")) {
                        p.admission = field(r.body(), "admissionToken");
                        p.admittedSeenNanos = System.nanoTime();
                        admittedSeen.incrementAndGet();
                    } else {
                        long delay = (long) ((r.status() == 200 ? nextPollSeconds(r.body()) : 2) * 1e9);
                        due.add(new Poll(p, System.nanoTime() + delay));
                    }
                }
            });
            t.start();
            workers.add(t);
        }
        // server side: the admissions counter, sampled every 250 ms
        List<long[]> samples = new ArrayList<>(); // {nanos, admitted}
        Cpu cpu = null;
        long timeout = System.nanoTime() + (long) ((JOINERS * 60.0 / PER_MINUTE) * 2 + 120) * 1_000_000_000L;
        while (admittedSeen.get() < joiners.size() && System.nanoTime() < timeout) {
            if (cpu == null && System.nanoTime() >= startNanos) {
                cpu = new Cpu().start();
            }
            samples.add(new long[] {System.nanoTime(), (long) Double.parseDouble(metric(metrics(), "bookit_queue_admitted_total"))});
            Thread.sleep(250);
        }
        over.set(true);
        for (Thread t : workers) {
            t.join();
        }
        cpu.stop();
        long base = samples.get(0)[1];
        long total = samples.get(samples.size() - 1)[1] - base;
        // from the first sample after the first admissions to the first sample showing the last ones
        long[] first = samples.stream().filter(s -> s[1] > base).findFirst().orElseThrow();
        long[] last = samples.stream().filter(s -> s[1] - base >= total).findFirst().orElseThrow();
        double seconds = (last[0] - first[0]) / 1e9;
        double perMinute = (last[1] - first[1]) * 60 / seconds;
        long firstSeen = joiners.stream().mapToLong(p -> p.admittedSeenNanos).filter(n -> n > 0).min().orElse(0);
        long lastSeen = joiners.stream().mapToLong(p -> p.admittedSeenNanos).max().orElse(0);
        double clientPerMinute = (admittedSeen.get() - 1) * 60 / ((lastSeen - firstSeen) / 1e9);
        Rec polls = recs.get("poll");
        return new Admissions(perMinute, seconds, total, clientPerMinute, polls, polls.n, cpu.result,
                cpu.cpuSeconds("app") * 1e6 / Math.max(1, polls.n));
    }

    // ---------------------------------------------------------------- main

    static long fivexx(Rec r) {
        return r.statuses.entrySet().stream().filter(x -> x.getKey() >= 500 || x.getKey() < 0)
                .mapToLong(Map.Entry::getValue).sum();
    }

    /** The early refusals between two metrics scrapes, by type. */
    static String earlyRefusals(String before, String after) {
        StringBuilder s = new StringBuilder();
        for (String type : List.of("rate-limited", "admission-required", "busy")) {
            String name = "bookit_refused_early_total{type=\"" + type + "\"}";
            s.append(' ').append(type).append(' ').append(f0(Double.parseDouble(metric(after, name))
                    - Double.parseDouble(metric(before, name))));
        }
        return s.toString();
    }

    static String bySecond(Recs recs) {
        StringBuilder s = new StringBuilder();
        for (int second = 0; recs.get("excess@" + second).n > 0; second++) {
            s.append(' ').append(f0(recs.get("excess@" + second).pct(99)));
        }
        s.append("; the first second by 100 ms:");
        for (int tenth = 0; tenth < 10; tenth++) {
            s.append(' ').append(f0(recs.get("excess@0." + tenth).pct(99)));
        }
        return s.toString();
    }

    static String lat(Rec r) {
        return "p50 " + f1(r.pct(50)) + " / p99 " + f1(r.pct(99)) + " ms";
    }

    static String shopLine(String name, Outcome o) {
        Recs r = o.recs();
        return name + ": " + f0(r.get("iteration").count(201) / o.seconds()) + " orders/s, late starts " + o.late()
                + "\n  holds (from scheduled start): " + r.get("hold").summary()
                + "\n  orders: " + r.get("order").summary()
                + "\n  hold+order from scheduled start: " + r.get("iteration").summary()
                + (r.get("no-shopper-left").n > 0 ? "\n  NO SHOPPER LEFT " + r.get("no-shopper-left").n + " times" : "")
                + "\n  cpu: " + o.cpu();
    }

    public static void main(String[] args) throws Exception {
        log("Run " + Instant.now() + " against " + BASE + "; " + JOINERS + " joiners, " + PER_MINUTE
                + " admissions a minute, crowd of " + CROWD + " (" + CROWD_PER_ADDRESS + " an address), spike "
                + (SPIKE_RATE > 0 ? f0(SPIKE_RATE) + " req/s" : SPIKE_FACTOR + "x the max hold rate") + ", shoppers "
                + SHOP_RATE + " hold+order/s, " + SECONDS
                + " s a phase; rate limits on; " + Runtime.getRuntime().availableProcessors()
                + " cores shared by driver, app, PostgreSQL and Redis.");

        // -- set-up through the public API
        long t0 = System.nanoTime();
        organizer = register("organizer", "ORGANIZER");
        List<Person> joiners = people("joiner", JOINERS, 0, 1);
        List<Person> crowd = people("crowd", CROWD, JOINERS, CROWD_PER_ADDRESS);
        List<Person> warmCrowd = people("warm-crowd", CROWD, JOINERS + CROWD, CROWD_PER_ADDRESS);
        String waitingRoom = String.format(Locale.ROOT, ",\"waitingRoom\":{\"enabled\":true,"
                + "\"admissionsPerMinute\":%d,\"maxActiveShoppers\":%d,\"sessionMinutes\":120}", PER_MINUTE, JOINERS);
        Event e = event("waiting-room", ROWS, SEATS_PER_ROW,
                ",\"salesStartAt\":\"" + Instant.now().plusSeconds(3600) + "\"" + waitingRoom);
        Event warmEvent = event("waiting-room-warm-up", 10, SEATS_PER_ROW, waitingRoom); // on sale now
        log("Set-up: 1 organizer, " + JOINERS + " joiners, " + CROWD + " crowd accounts and " + CROWD
                + " more for the warm-up, event " + e.id() + " of " + ROWS + " x " + SEATS_PER_ROW
                + " seats and a small one for the warm-up, in " + f0((System.nanoTime() - t0) / 1e9) + " s");

        // -- everyone joins before sales start (shuffled at the start)
        Recs joinRecs = new Recs();
        long j0 = System.nanoTime();
        parallel(JOINERS, CLIENTS, i -> {
            Person p = joiners.get(i);
            Resp r = timedH(joinRecs, "join", System.nanoTime(), "POST", "/api/events/" + e.id() + "/queue", p,
                    p.headers, null);
            if (r.status() != 201) {
                throw new IllegalStateException("join -> " + r.status() + " " + r.body());
            }
            p.queueId = field(r.body(), "queueId");
        });
        double joinSeconds = (System.nanoTime() - j0) / 1e9;
        Rec joins = joinRecs.get("join");
        log("\npre-sale joins: " + JOINERS + " in " + f1(joinSeconds) + " s = " + f0(JOINERS / joinSeconds) + "/s, "
                + joins.summary());

        // -- (a) sales start in 3 s: admissions at the configured rate, joiners polling as advised
        Instant salesStart = Instant.now().plusSeconds(3);
        expect(200, "PATCH", "/api/events/" + e.id(), organizer, "{\"salesStartAt\":\"" + salesStart + "\"}");
        Admissions a = admissions(e, joiners, salesStart);
        double rateRatio = a.perMinute() / PER_MINUTE;
        log("\nadmissions: " + a.admitted() + " admitted in " + f1(a.seconds()) + " s (first to last admission tick) = "
                + f0(a.perMinute()) + "/min against " + PER_MINUTE + " configured (" + pct(rateRatio) + ")"
                + "\n  as the joiners saw it (first to last ADMITTED poll): " + f0(a.clientPerMinute()) + "/min"
                + "\n  polls: " + a.pollCount() + " (" + f1(a.pollCount() / (double) JOINERS) + " a joiner), "
                + a.polls().summary() + "\n  app CPU " + f0(a.appUsPerPoll()) + " us a poll (admissions included)"
                + "\n  cpu: " + a.cpu());

        List<Person> admitted = joiners.stream().filter(p -> p.admission != null).toList();
        int holdPoolSize = Math.min(2_000, admitted.size() / 4);
        List<Person> holdPool = admitted.subList(0, holdPoolSize);
        Queue<Person> shoppers = new ConcurrentLinkedQueue<>(admitted.subList(holdPoolSize, admitted.size()));
        AtomicInteger orderSeats = new AtomicInteger();
        AtomicBoolean never = new AtomicBoolean();

        // -- warm-up of the crowd's paths until the JIT has settled, then of the shopping paths; then the maximum hold
        // rate (closed model, admitted shoppers)
        List<Outcome> crowdWarmUp = warmUpCrowd(warmEvent, warmCrowd);
        closed(CLIENTS, WARMUP_SECONDS / 2.0, never, holdRelease(e, holdPool));
        open(SHOP_RATE, WARMUP_SECONDS / 2.0, 64, shop(e, shoppers, orderSeats));
        Outcome max = closed(CLIENTS, SECONDS, never, holdRelease(e, holdPool));
        Rec maxHolds = max.recs().get("hold");
        double maxHoldRate = (maxHolds.n - maxHolds.count(429)) / max.seconds(); // a refused call is no hold
        log("\nmax hold rate (closed, " + CLIENTS + " clients, admitted shoppers, 1 random seat then DELETE): "
                + f0(maxHoldRate) + " holds/s, " + maxHolds.summary() + "\n  cpu: " + max.cpu());

        // -- (b) baseline: shoppers alone; spike: the same shoppers plus the crowd; then shoppers alone again
        Outcome before = open(SHOP_RATE, SECONDS, 64, shop(e, shoppers, orderSeats));
        log("\n" + shopLine("baseline, shoppers alone at " + f0(SHOP_RATE) + " hold+order/s", before));

        double spikeRate = SPIKE_RATE > 0 ? SPIKE_RATE : SPIKE_FACTOR * maxHoldRate;
        Outcome[] spike = new Outcome[2];
        Thread shopping = new Thread(() -> {
            try {
                spike[0] = open(SHOP_RATE, SECONDS, 64, shop(e, shoppers, orderSeats));
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        });
        String m0 = metrics();
        shopping.start();
        spike[1] = AsyncLoad.open(spikeRate, SECONDS, 512, 2, crowd(e, crowd));
        shopping.join();
        String m1 = metrics();
        Recs cr = spike[1].recs();
        Rec excess = cr.get("excess");
        StringBuilder told = new StringBuilder();
        for (String k : List.of("queue-WAITING", "queue-ADMITTED", "queue-SOLD_OUT", "429", "403-admission-required")) {
            Rec r = cr.get("excess:" + k);
            if (r.n > 0) {
                told.append("\n    ").append(k).append(": ").append(r.n).append(", ").append(lat(r));
            }
        }
        double limited = Double.parseDouble(metric(m1, "bookit_rate_limited_total"))
                - Double.parseDouble(metric(m0, "bookit_rate_limited_total"));
        log("\n" + shopLine("spike, shoppers at " + f0(SHOP_RATE) + " hold+order/s", spike[0])
                + "\n  crowd at " + f0(spikeRate) + " req/s (" + f1(spikeRate / maxHoldRate) + "x max hold rate): "
                + "achieved "
                + f0(excess.n / spike[1].seconds()) + " req/s, late starts " + spike[1].late()
                + "\n  excess answers (from scheduled start): " + excess.summary()
                + "\n  the same from the moment each request was written: " + cr.get(AsyncLoad.FROM_SEND).summary()
                + "\n  p99 by second of the spike (ms):" + bySecond(cr)
                + "\n  by what they told the caller:" + told
                + "\n  joins: " + cr.get("crowd-join").summary() + "\n  polls: " + cr.get("crowd-poll").summary()
                + "\n  token-less holds: " + cr.get("crowd-hold").summary()
                + "\n  rate-limited (bookit_rate_limited_total): " + f0(limited)
                + "\n  refused in front of the REST layer (bookit_refused_early_total):" + earlyRefusals(m0, m1)
                + "\n  app CPU " + f0(spike[1].meter().cpuSeconds("app") * 1e6 / Math.max(1, excess.n))
                + " us a crowd request (shoppers and admissions included)\n  cpu: " + spike[1].cpu());

        Outcome after = open(SHOP_RATE, SECONDS, 64, shop(e, shoppers, orderSeats));
        log("\n" + shopLine("after the spike, shoppers alone at " + f0(SHOP_RATE) + " hold+order/s", after));

        // -- the table
        long errors = fivexx(joins) + fivexx(a.polls());
        List<Outcome> measured = new ArrayList<>(crowdWarmUp);
        measured.addAll(List.of(max, before, spike[0], spike[1], after));
        for (Outcome o : measured) {
            for (Map<String, Rec> m : o.recs().all) {
                for (var r : m.entrySet()) {
                    boolean again = r.getKey().startsWith("excess") || r.getKey().equals(AsyncLoad.FROM_SEND);
                    errors += again ? 0 : fivexx(r.getValue()); // crowd answers once
                }
            }
        }
        row("Admission rate, " + JOINERS + " joiners queued before sales start", f0(a.perMinute()) + "/min over "
                + f1(a.seconds()) + " s", "polls " + lat(a.polls()), pct(rateRatio) + " of " + PER_MINUTE
                + "/min configured", Math.abs(rateRatio - 1) <= 0.1 ? "±10 %: met" : "±10 %: **not met**");
        row("Max hold rate (closed, " + CLIENTS + " clients, admitted)", f0(maxHoldRate) + " holds/s", lat(maxHolds),
                "spike = " + f1(spikeRate / maxHoldRate) + "x = " + f0(spikeRate) + " req/s", "");
        Rec b = before.recs().get("iteration");
        Rec s = spike[0].recs().get("iteration");
        Rec af = after.recs().get("iteration");
        double normalP99 = (b.pct(99) + af.pct(99)) / 2;
        for (String k : List.of("hold", "order", "iteration")) {
            Rec rb = before.recs().get(k);
            Rec rs = spike[0].recs().get(k);
            Rec ra = after.recs().get(k);
            double normal = (rb.pct(99) + ra.pct(99)) / 2;
            row("Admitted shoppers' " + (k.equals("iteration") ? "hold+order" : k) + " at " + f0(SHOP_RATE) + "/s",
                    "before " + lat(rb) + "; after " + lat(ra), "spike " + lat(rs),
                    "spike p99 / normal p99 (mean of before and after) = " + f1(rs.pct(99) / normal) + "x",
                    k.equals("iteration") ? (rs.pct(99) <= 2 * normal ? "<= 2x: met" : "<= 2x: **not met**") : "");
        }
        row("Excess callers during the spike (joins, polls, token-less holds)", f0(excess.n / spike[1].seconds())
                + " answers/s", "p50 " + f1(excess.pct(50)) + " / p95 " + f1(excess.pct(95)) + " / p99 "
                + f1(excess.pct(99)) + " ms", "429: " + cr.get("excess:429").n + ", queue position: "
                + cr.get("excess:queue-WAITING").n + ", other: " + (excess.n - cr.get("excess:429").n
                - cr.get("excess:queue-WAITING").n), excess.pct(99) <= 20 ? "p99 <= 20 ms: met" : "p99 <= 20 ms: **not met**");
        row("5xx or connection errors, whole run", Long.toString(errors), "", "", errors == 0 ? "none: met" : "**not met**");

        writeReport("| measurement | figure | latency | ratio / check | target |", REPORT, COMMAND);
        System.exit(0);
    }
}
