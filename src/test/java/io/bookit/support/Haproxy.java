package io.bookit.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * HAProxy (Debian's package, {@code haproxy} on the PATH) in front of two app instances, for the failsafe ITs, run
 * with the very config file the compose topology uses ({@code src/main/docker/haproxy.cfg}); only the addresses
 * differ, given through the environment as there. Log: target/it-haproxy.log.
 */
public final class Haproxy implements AutoCloseable {

    static final String CONFIG = "src/main/docker/haproxy.cfg";

    public final int port;
    private final int statsPort;
    private final Process process;

    private Haproxy(int port, int statsPort, Process process) {
        this.port = port;
        this.statsPort = statsPort;
        this.process = process;
    }

    /** Starts HAProxy on {@code port} (stats on {@code statsPort}) and waits until both instances are UP. */
    public static Haproxy start(int port, int statsPort, AppInstance a, AppInstance b) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("haproxy", "-db", "-f", PackagedApp.BASE.resolve(CONFIG).toString());
        builder.environment().putAll(Map.of(
                "BOOKIT_LISTEN", "127.0.0.1:" + port,
                "BOOKIT_STATS_LISTEN", "127.0.0.1:" + statsPort,
                "BOOKIT_A", "127.0.0.1:" + a.port, "BOOKIT_A_MANAGEMENT_PORT", Integer.toString(a.managementPort),
                "BOOKIT_B", "127.0.0.1:" + b.port, "BOOKIT_B_MANAGEMENT_PORT", Integer.toString(b.managementPort)));
        Process process = builder.redirectErrorStream(true).redirectOutput(PackagedApp.log("haproxy")).start();
        Haproxy haproxy = new Haproxy(port, statsPort, process);
        haproxy.awaitStatus("a", "UP");
        haproxy.awaitStatus("b", "UP");
        return haproxy;
    }

    /** Waits until the balancer sees the server ({@code a} or {@code b}) in this state (UP, DOWN, ...). */
    public void awaitStatus(String server, String status) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .failFast("haproxy exited; see target/it-haproxy.log", () -> !process.isAlive())
                .until(() -> status(server).startsWith(status));
    }

    /** The server's status as the stats page says it (UP, DOWN, "UP 1/2" while it changes, ...). */
    public String status(String server) throws IOException, InterruptedException {
        String csv = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + statsPort + "/stats;csv")).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        for (String line : csv.split("\n")) {
            String[] fields = line.split(",", -1);
            if (fields.length > 17 && fields[0].equals("bookit") && fields[1].equals(server)) {
                return fields[17]; // status
            }
        }
        return "";
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
