package io.bookit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.bookit.support.PackagedApp;
import io.restassured.http.ContentType;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged app started as production starts it: refused with the development settings, and with every setting
 * given it serves the API while health, metrics and Swagger UI stay off the API port. Free ports (0) for both
 * interfaces, read back from the log, so it runs beside other builds; its own database ({@link PackagedApp#database}).
 */
class ProductionStartIT {

    static final String DATABASE = PackagedApp.database("prod");
    static final Pattern PORTS = Pattern.compile("Listening on: http://[^:]+:(\\d+)\\. Management interface listening on http://[^:]+:(\\d+)");

    @BeforeAll
    static void database() throws Exception {
        PackagedApp.recreateDatabase(DATABASE);
    }

    static Map<String, String> freePorts() {
        Map<String, String> env = new HashMap<>(PackagedApp.services(DATABASE, PackagedApp.freshRedis()));
        env.put("QUARKUS_HTTP_PORT", "0");
        env.put("QUARKUS_MANAGEMENT_PORT", "0");
        return env;
    }

    @Test
    void aProductionStartWithTheDevelopmentSettingsIsRefusedWithOneLinePerSettingToSet() throws Exception {
        Process app = PackagedApp.start("prod-refused", freePorts());
        try {
            assertThat(app.waitFor(180, TimeUnit.SECONDS)).as("the app exits").isTrue();
        } finally {
            app.destroyForcibly();
        }
        assertThat(app.exitValue()).isEqualTo(1);
        String log = Files.readString(PackagedApp.log("prod-refused").toPath());
        assertThat(log).contains(ProductionSettings.HEADLINE)
                .contains("\n  - BOOKIT_WAITING_ROOM_TOKEN_SECRET (bookit.waiting-room.token-secret)")
                .contains("\n  - BOOKIT_TICKETS_KEY_ENCRYPTION_KEY (bookit.tickets.key-encryption-key)")
                .contains("\n  - MP_JWT_VERIFY_PUBLICKEY_LOCATION")
                .contains("\n  - SMALLRYE_JWT_SIGN_KEY_LOCATION")
                .contains("\n  - BOOKIT_PAYMENTS_PROVIDER=stripe (bookit.payments.provider), or BOOKIT_PAYMENTS_ALLOW_SIMULATED=true")
                .doesNotContain("Failed to start application"); // the lines alone, no stack trace
    }

    @Test
    void withEverySettingItServesTheApiAndKeepsHealthMetricsAndSwaggerUiOffTheApiPort() throws Exception {
        Map<String, String> env = freePorts();
        env.putAll(PackagedApp.productionSettings());
        Process app = PackagedApp.start("prod-started", env);
        try {
            Matcher ports = Awaitility.await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500))
                    .failFast("the app exited; see target/it-prod-started.log", () -> !app.isAlive())
                    .until(() -> PORTS.matcher(Files.readString(PackagedApp.log("prod-started").toPath())), Matcher::find);
            int api = Integer.parseInt(ports.group(1));
            int management = Integer.parseInt(ports.group(2));
            PackagedApp.awaitReady(management, app);

            given().port(api).accept("application/json").get("/q/openapi").then().statusCode(200);
            for (String path : new String[] {"/q/metrics", "/q/health/ready", "/q/swagger-ui", "/q/swagger-ui/"}) {
                given().port(api).get(path).then().statusCode(404);
            }
            given().port(management).get("/q/metrics").then().statusCode(200);
            given().port(management).get("/q/swagger-ui/").then().statusCode(404);

            // the configured key pair signs and verifies access tokens
            String email = "prod-" + UUID.randomUUID() + "@example.test";
            given().port(api).contentType(ContentType.JSON)
                    .body(Map.of("email", email, "password", "password-1", "displayName", "Prod"))
                    .post("/api/auth/register").then().statusCode(201);
            String token = given().port(api).contentType(ContentType.JSON)
                    .body(Map.of("email", email, "password", "password-1"))
                    .post("/api/auth/login").then().statusCode(200).extract().path("accessToken");
            given().port(api).auth().oauth2(token).get("/api/me/orders").then().statusCode(200);
        } finally {
            app.destroy();
            if (!app.waitFor(20, TimeUnit.SECONDS)) {
                app.destroyForcibly();
            }
        }
    }
}
