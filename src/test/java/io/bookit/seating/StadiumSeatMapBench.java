package io.bookit.seating;

import io.bookit.support.Fixtures;
import io.quarkus.arc.Arc;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.http.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Not a test: the figures of BENCHMARKS.md, "Seat map at stadium scale". Wire sizes of a 100 x 200 = 20,000-seat
 * event's seat map in each form (every third row: a tenth of its seats held or sold), then wrk at the same
 * concurrency, one after the other in the same run: the compact map (warm-up), {@code /q/health/live}, the compact
 * map, the JSON map, {@code /q/health/live} again. The figures are printed on lines that start with BENCH. Runs only with
 * {@code -Dbookit.bench.stadium=true}; parameters: {@code -Dbookit.bench.wrk="-t2 -c8 -d10s"}.
 */
@QuarkusTest
@EnabledIfSystemProperty(named = "bookit.bench.stadium", matches = "true")
class StadiumSeatMapBench {

    @TestHTTPResource("/")
    URI baseUri;

    @Test
    void measure() throws Exception {
        Fixtures.Account organizer = Fixtures.organizer();
        String eventId = Fixtures.event(organizer).rows(100).seatsPerRow(200).maxPerOrder(10).onSale();
        sizes("empty", eventId);
        for (int row = 0; row < 100; row += 3) { // every third row: 10 seats held and 10 sold, spread over the row
            List<String> held = new ArrayList<>();
            List<String> sold = new ArrayList<>();
            for (int seat = 1; seat <= 200; seat += 10) {
                (seat % 20 == 1 ? held : sold).add("ORCH-" + Fixtures.rowLabel(row) + "-" + seat);
            }
            Fixtures.holdSeats(Fixtures.attendee(), eventId, held.toArray(String[]::new));
            Fixtures.buySeats(Fixtures.attendee(), eventId, sold.toArray(String[]::new));
        }
        sizes("selling", eventId);
        String wrk = System.getProperty("bookit.bench.wrk", "-t2 -c8 -d10s");
        int management = Arc.container().select(HttpServer.class).get().getManagementPort();
        String compact = baseUri.resolve("/api/events/" + eventId + "/seats?view=compact").toString();
        run(wrk, compact); // warm-up (JIT)
        run(wrk, "http://localhost:" + management + "/q/health/live");
        run(wrk, compact);
        run(wrk, baseUri.resolve("/api/events/" + eventId + "/seats").toString());
        run(wrk, "http://localhost:" + management + "/q/health/live");
    }

    private void sizes(String label, String eventId) throws Exception {
        for (String path : List.of("/seats", "/seats?view=compact", "/layout")) {
            int raw = get("/api/events/" + eventId + path, false);
            int gzip = get("/api/events/" + eventId + path, true);
            System.out.printf("BENCH %s %-22s raw %,10d B  gzip %,10d B%n", label, path, raw, gzip);
        }
    }

    private int get(String path, boolean gzip) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(baseUri.resolve(path));
        if (gzip) {
            request.header("Accept-Encoding", "gzip");
        }
        HttpResponse<byte[]> answer = HttpClient.newHttpClient().send(request.build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (answer.statusCode() != 200 || gzip != answer.headers().firstValue("Content-Encoding").orElse("").equals("gzip")) {
            throw new AssertionError(path + " gzip=" + gzip + ": " + answer.statusCode() + " " + answer.headers());
        }
        return answer.body().length;
    }

    private static void run(String wrk, String url) throws Exception {
        // wrk's --latency prints p50/p75/p90/p99; the goal is stated at p95
        java.nio.file.Path p95 = java.nio.file.Files.createTempFile("p95", ".lua");
        java.nio.file.Files.writeString(p95, "done = function(summary, latency, requests)\n"
                + "  io.write(string.format(\"p95 %.2f ms\\n\", latency:percentile(95) / 1000))\nend\n");
        List<String> command = new ArrayList<>(List.of("wrk", "--latency", "-s", p95.toString()));
        command.addAll(List.of(wrk.split(" ")));
        command.add(url);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        process.waitFor();
        System.out.println("BENCH wrk " + url + "\n" + output);
    }
}
