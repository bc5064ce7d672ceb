package io.bookit.webapp;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The buyers' web app, built by Quinoa into this test's app, driven in headless Chromium (Debian's package) by the
 * Playwright scripts in src/main/webui/e2e against the real service with PostgreSQL, Redis and RabbitMQ.
 * {@code e2e/run.mjs} prepares their data through the public API (so that the same scripts also run by hand against
 * bin/dev) and runs them with node's test runner; see docs/WEB_APP.md.
 */
@QuarkusTest
@TestProfile(WebAppTest.WebApp.class)
class WebAppTest {

    static final int HOLD_TTL_SECONDS = 20;
    /** What a browser sends when it navigates to a page. */
    static final String BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    /** Quinoa is off in tests but here; holds short enough to watch one expire on screen. */
    public static class WebApp implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.quinoa", "true", "bookit.holds.ttl", HOLD_TTL_SECONDS + "s");
        }
    }

    @TestHTTPResource("/")
    URL base;

    @Test
    void everyAppRouteLoadsDirectlyWhileApiAndManagementPathsKeepTheirAnswers() {
        String id = UUID.randomUUID().toString();
        for (String path : List.of("/", "/events/" + id, "/queue/" + id, "/me/tickets", "/login?next=%2Fme%2Ftickets",
                "/no/such/page", "/organizer", "/organizer/venues/new", "/organizer/events/new",
                "/organizer/events/" + id + "/edit", "/organizer/events/" + id, "/door/" + id)) {
            given().accept(BROWSER).get(path).then().statusCode(200).contentType(startsWith("text/html"))
                    .body(containsString("<div id=\"app\">"));
        }
        // API answers are not compressed (only the app's page, scripts and styles are)
        given().header("Accept-Encoding", "gzip").get("/api/events").then().statusCode(200)
                .header("Content-Encoding", org.hamcrest.Matchers.nullValue());
        given().accept(BROWSER).get("/api/events/" + UUID.randomUUID()).then().statusCode(404)
                .contentType(startsWith("application/problem+json"));
        given().accept(BROWSER).get("/api/no-such-endpoint").then().statusCode(404)
                .contentType(org.hamcrest.Matchers.not(startsWith("text/html")));
        given().accept(BROWSER).get("/missing.png").then().statusCode(404);
        // only navigations get the page: a script or an API client asking for a page path does not
        given().accept("*/*").get("/events/" + UUID.randomUUID()).then().statusCode(404);
        given().get("/q/health/live").then().statusCode(404); // health lives on the management interface
        io.bookit.support.Metrics.management().get("/q/health/live").then().statusCode(200)
                .body("status", equalTo("UP"));

        String index = given().get("/").then().header("Cache-Control", "no-cache").extract().asString();
        Matcher assets = Pattern.compile("(?:src|href)=\"(/assets/[^\"]+)\"").matcher(index);
        int found = 0;
        while (assets.find()) {
            given().header("Accept-Encoding", "gzip").get(assets.group(1)).then().statusCode(200)
                    .header("Cache-Control", "public, max-age=31536000, immutable").header("Content-Encoding", "gzip");
            found++;
        }
        assertThat(found).as("the built script and style sheet").isGreaterThanOrEqualTo(2);
    }

    @Test
    void paymentConfigTellsTheBrowserTheProvider() {
        given().get("/api/payments/config").then().statusCode(200).body("provider", equalTo("simulated"));
    }

    @Test
    void buyersBrowseHoldPayQueueAndSeeTheirTicketsInARealBrowser() throws Exception {
        Path webui = Path.of("src", "main", "webui");
        ProcessBuilder node = new ProcessBuilder("node", "e2e/run.mjs").directory(webui.toFile()).redirectErrorStream(true);
        node.environment().put("BASE_URL", base.toString());
        node.environment().put("HOLD_TTL_SECONDS", String.valueOf(HOLD_TTL_SECONDS));
        node.environment().put("SCREENSHOT_DIR", Path.of("target", "screenshots").toAbsolutePath().toString());
        long started = System.nanoTime();
        Process process = node.start();
        Thread output = new Thread(() -> process.inputReader().lines().forEach(line -> System.out.println("[e2e] " + line)));
        output.start();
        boolean finished = process.waitFor(Duration.ofMinutes(6).toSeconds(), TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        output.join(5000);
        System.out.printf("[e2e] browser tests took %d s%n", Duration.ofNanos(System.nanoTime() - started).toSeconds());
        assertThat(finished).as("the browser tests finish within 6 minutes").isTrue();
        assertThat(process.exitValue()).as("exit code of the browser tests (their output is above, lines [e2e])").isZero();
    }
}
