package io.bookit.support;

import static io.restassured.RestAssured.given;

import java.util.Arrays;

/** Reads the app's Prometheus metrics (/q/metrics) the way an operator's scraper would. */
public final class Metrics {

    private Metrics() {
    }

    /**
     * The sum of the samples of metric {@code name} that carry every given label, e.g.
     * {@code sum("bookit_refused_early_total", "type=\"busy\"")}; 0 when there is none.
     */
    public static double sum(String name, String... labels) {
        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return text.lines()
                .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .filter(line -> Arrays.stream(labels).allMatch(line::contains))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }
}
