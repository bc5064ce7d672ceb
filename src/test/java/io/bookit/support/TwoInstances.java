package io.bookit.support;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Two instances of the packaged app on one fresh PostgreSQL database and one Redis database, for the failsafe ITs
 * ({@code ./mvnw verify}, after packaging) that show what several instances share.
 * <p>
 * Why processes and not a second Quarkus app in the test JVM: a {@code @QuarkusTest} JVM runs one application, and
 * {@code java -jar target/quarkus-app/quarkus-run.jar} is exactly what production runs, two of which share nothing
 * but the database and Redis. Both get the same test JWT keys, so a token minted by one is accepted by the other.
 */
public final class TwoInstances implements AutoCloseable {

    public final int portA;
    public final int portB;
    private final List<Process> processes;

    private TwoInstances(int portA, int portB, List<Process> processes) {
        this.portA = portA;
        this.portB = portB;
        this.processes = processes;
    }

    /** Starts A, waits until it is ready (it migrates the schema), then B. Logs go to target/it-{name}-a|b.log. */
    public static TwoInstances start(String name, String database, String redisUrl, int portA, int portB,
            Map<String, String> env) throws Exception {
        recreateDatabase(database);
        Process a = start(name + "-a", portA, database, redisUrl, env);
        awaitReady(portA, a);
        Process b = start(name + "-b", portB, database, redisUrl, env);
        awaitReady(portB, b);
        return new TwoInstances(portA, portB, List.of(a, b));
    }

    @Override
    public void close() throws InterruptedException {
        for (Process instance : processes) {
            instance.destroy();
            if (!instance.waitFor(10, TimeUnit.SECONDS)) {
                instance.destroyForcibly();
            }
        }
    }

    private static void recreateDatabase(String database) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
                Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            statement.execute("CREATE DATABASE " + database);
        }
    }

    private static Process start(String name, int port, String database, String redisUrl, Map<String, String> extra)
            throws Exception {
        Path base = Path.of(System.getProperty("user.dir"));
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-jar", base.resolve("target/quarkus-app/quarkus-run.jar").toString());
        Map<String, String> env = builder.environment();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://127.0.0.1:5432/" + database);
        env.put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/" + database);
        env.put("QUARKUS_REDIS_HOSTS", redisUrl);
        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", base.resolve("src/test/resources/jwt/test-public.pem").toString());
        env.put("SMALLRYE_JWT_SIGN_KEY_LOCATION", base.resolve("src/test/resources/jwt/test-private.pem").toString());
        // The packaged app carries the inline key pair EphemeralJwtKeys made at build time as a default, and an
        // inline key wins over a key location (SRJWT03007): override the inline keys with the same test keys too.
        env.put("MP_JWT_VERIFY_PUBLICKEY", Files.readString(base.resolve("src/test/resources/jwt/test-public.pem")));
        env.put("SMALLRYE_JWT_SIGN_KEY", Files.readString(base.resolve("src/test/resources/jwt/test-private.pem")));
        env.put("BOOKIT_AUTH_BCRYPT_COST", "4");
        env.put("BOOKIT_RATE_LIMITS_ENABLED", "false"); // every test account registers from this one address
        env.put("BOOKIT_MAIL_ENABLED", "false"); // no SMTP server here; mails are OrderMailTest's
        env.putAll(extra);
        File log = base.resolve("target/it-" + name + ".log").toFile();
        return builder.redirectErrorStream(true).redirectOutput(log).start();
    }

    private static void awaitReady(int port, Process instance) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .failFast("instance on port " + port + " exited; see target/it-*.log", () -> !instance.isAlive())
                .until(() -> given().port(port).get("/q/health/ready").statusCode() == 200);
    }
}
