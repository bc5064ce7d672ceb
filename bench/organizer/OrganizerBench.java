// Organizer views benchmark: times GET /api/events/{id}/stats and /attendees (JSON pages, search, CSV export) on an
// event with many tickets seeded straight into PostgreSQL. Run it through run.sh, which starts the app.
// Arguments (all optional): baseUrl (http://127.0.0.1:8096), database (bookit_bench_org), redisDb (7),
// tickets (50000), runs per endpoint (200), warm-up runs (30), csv runs (5).
// Needs psql and redis-cli on the PATH (seeding, and dropping the event's Redis state so it rebuilds from PostgreSQL).
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class OrganizerBench {

    static final HttpClient HTTP = HttpClient.newHttpClient();
    static String base;
    static String token;

    public static void main(String[] args) throws Exception {
        base = arg(args, 0, "http://127.0.0.1:8096");
        String database = arg(args, 1, "bookit_bench_org");
        String redisDb = arg(args, 2, "7");
        int tickets = Integer.parseInt(arg(args, 3, "50000"));
        int runs = Integer.parseInt(arg(args, 4, "200"));
        int warmup = Integer.parseInt(arg(args, 5, "30"));
        int csvRuns = Integer.parseInt(arg(args, 6, "5"));

        String eventId = createEvent();
        long seedStart = System.nanoTime();
        run("psql", "-h", "127.0.0.1", "-U", "postgres", "-d", database, "-q", "-v", "event=" + eventId,
                "-v", "tickets=" + tickets, "-f", Path.of("bench/organizer/seed.sql").toString());
        run("redis-cli", "-n", redisDb, "DEL", "bk:{ev:" + eventId + "}:meta");
        System.out.printf("event %s: %d tickets seeded in %.1f s%n", eventId, tickets,
                (System.nanoTime() - seedStart) / 1e9);
        System.out.println("stats: " + get("/api/events/" + eventId + "/stats", "application/json").body()
                .replaceAll("\"salesByDay\":\\[.*?\\]", "\"salesByDay\":[...]"));

        int lastPage = (tickets - 1) / 50;
        Map<String, String> calls = new LinkedHashMap<>();
        calls.put("stats", "/api/events/" + eventId + "/stats");
        calls.put("attendees page 0, size 50", "/api/events/" + eventId + "/attendees?page=0&size=50");
        calls.put("attendees last page, size 50", "/api/events/" + eventId + "/attendees?page=" + lastPage + "&size=50");
        calls.put("attendees page 50, size 500", "/api/events/" + eventId + "/attendees?page=50&size=500");
        calls.put("attendees q=buyer 4242 (name)", "/api/events/" + eventId + "/attendees?q=buyer%204242");
        calls.put("attendees q=orch-r7-1 (seat)", "/api/events/" + eventId + "/attendees?q=orch-r7-1");
        System.out.printf("%n%-34s %8s %8s %8s %8s%n", "call (" + runs + " sequential runs)", "p50 ms", "p95 ms",
                "max ms", "status");
        for (Map.Entry<String, String> call : calls.entrySet()) {
            time(call.getKey(), call.getValue(), "application/json", warmup, runs);
        }
        time("CSV export, all rows", "/api/events/" + eventId + "/attendees", "text/csv", 1, csvRuns);
    }

    static void time(String name, String path, String accept, int warmup, int runs) throws Exception {
        for (int i = 0; i < warmup; i++) {
            get(path, accept);
        }
        double[] ms = new double[runs];
        int status = 0;
        long bytes = 0;
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            HttpResponse<String> response = get(path, accept);
            ms[i] = (System.nanoTime() - start) / 1e6;
            status = response.statusCode();
            bytes = response.body().length();
        }
        Arrays.sort(ms);
        System.out.printf("%-34s %8.1f %8.1f %8.1f %8d%s%n", name, percentile(ms, 50), percentile(ms, 95),
                ms[ms.length - 1], status, accept.equals("text/csv") ? "  (" + bytes + " chars, " + runs + " runs)" : "");
    }

    static double percentile(double[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank))];
    }

    /** An organizer, a venue of 10,000 seats and 45,000 standing places, and a published event in it. */
    static String createEvent() throws Exception {
        String email = "bench-organizer-" + UUID.randomUUID() + "@example.test";
        post("/api/auth/register", "{\"email\":\"" + email + "\",\"password\":\"bench-password\","
                + "\"displayName\":\"Bench\",\"role\":\"ORGANIZER\"}", 201);
        token = field(post("/api/auth/login", "{\"email\":\"" + email + "\",\"password\":\"bench-password\"}", 200),
                "accessToken");
        StringBuilder rows = new StringBuilder();
        for (int r = 1; r <= 100; r++) {
            rows.append(r > 1 ? "," : "").append("{\"label\":\"R").append(r).append("\",\"seats\":100}");
        }
        String venue = field(post("/api/venues", "{\"name\":\"Bench Arena\",\"address\":\"1 Bench St\","
                + "\"timezone\":\"America/New_York\",\"sections\":[{\"key\":\"ORCH\",\"name\":\"Orchestra\","
                + "\"kind\":\"SEATED\",\"rows\":[" + rows + "]},{\"key\":\"PIT\",\"name\":\"Standing\","
                + "\"kind\":\"GENERAL_ADMISSION\",\"capacity\":45000}]}", 201), "id");
        Instant start = Instant.now().plus(60, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        String event = field(post("/api/events", "{\"venueId\":\"" + venue + "\",\"name\":\"Bench night\","
                + "\"startsAt\":\"" + start + "\",\"endsAt\":\"" + start.plus(3, ChronoUnit.HOURS) + "\","
                + "\"currency\":\"EUR\",\"prices\":[{\"section\":\"ORCH\",\"price\":\"49.00\"},"
                + "{\"section\":\"PIT\",\"price\":\"25.00\"}],\"maxSeatsPerOrder\":10}", 201), "id");
        post("/api/events/" + event + "/publish", "", 200);
        return event;
    }

    static HttpResponse<String> get(String path, String accept) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).header("Accept", accept)
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static String post(String path, String json, int expected) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("No " + name + " in " + json);
        }
        return m.group(1);
    }

    static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).inheritIO().start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed");
        }
    }

    static String arg(String[] args, int index, String fallback) {
        return args.length > index ? args[index] : fallback;
    }
}
