package io.bookit.support;

import static io.restassured.RestAssured.given;

import io.quarkus.arc.Arc;
import io.quarkus.vertx.http.HttpServer;
import io.restassured.specification.RequestSpecification;
import java.util.Arrays;

/**
 * Reads the app's Prometheus metrics (/q/metrics) the way an operator's scraper would: on the management interface,
 * whose port the tests take free at start ({@code quarkus.management.test-port=0}).
 */
public final class Metrics {

    private Metrics() {
    }

    /** A request to the management interface (health, metrics) of the app under test. */
    public static RequestSpecification management() {
        return given().port(Arc.container().select(HttpServer.class).get().getManagementPort());
    }

    /** The whole scrape. */
    public static String text() {
        return management().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /**
     * The sum of the samples of metric {@code name} that carry every given label, e.g.
     * {@code sum("bookit_refused_early_total", "type=\"busy\"")}; 0 when there is none.
     */
    public static double sum(String name, String... labels) {
        return text().lines()
                .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .filter(line -> Arrays.stream(labels).allMatch(line::contains))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }
}
