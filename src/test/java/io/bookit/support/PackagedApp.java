package io.bookit.support;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The packaged app ({@code java -jar target/quarkus-app/quarkus-run.jar}, what production runs) for the failsafe ITs,
 * which run after {@code package}. See {@link TwoInstances} and {@code ProductionStartIT}.
 */
public final class PackagedApp {

    static final Path BASE = Path.of(System.getProperty("user.dir"));
    /** The test-only secrets of {@link #productionSettings()} (a test app sharing a database with one sets them too). */
    public static final String TEST_TOKEN_SECRET = "dGVzdC1vbmx5LWFkbWlzc2lvbi1zZWNyZXQtMzJieXQ=";
    public static final String TEST_KEY_ENCRYPTION_KEY = "dGVzdC1vbmx5LWtleS1lbmNyeXB0aW9uLWtleS0zMmI=";

    private PackagedApp() {
    }

    /**
     * What a production start requires (docs/OPERATIONS.md), with test values: the test JWT keys, test-only secrets,
     * simulated payments allowed (as for a load test); plus cheap bcrypt and no rate limits (every test account
     * registers from this one address).
     */
    public static Map<String, String> productionSettings() {
        Map<String, String> env = new HashMap<>();
        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", BASE.resolve("src/test/resources/jwt/test-public.pem").toString());
        env.put("SMALLRYE_JWT_SIGN_KEY_LOCATION", BASE.resolve("src/test/resources/jwt/test-private.pem").toString());
        env.put("BOOKIT_WAITING_ROOM_TOKEN_SECRET", TEST_TOKEN_SECRET);
        env.put("BOOKIT_TICKETS_KEY_ENCRYPTION_KEY", TEST_KEY_ENCRYPTION_KEY);
        env.put("BOOKIT_PAYMENTS_ALLOW_SIMULATED", "true");
        env.put("BOOKIT_AUTH_BCRYPT_COST", "4");
        env.put("BOOKIT_RATE_LIMITS_ENABLED", "false");
        env.put("BOOKIT_MAIL_ENABLED", "false"); // no SMTP server here; mails are OrderMailTest's
        return env;
    }

    /** Where the app keeps its data: the PostgreSQL database and the Redis URL (the RabbitMQ vhost of the build). */
    public static Map<String, String> services(String database, String redisUrl) {
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://127.0.0.1:5432/" + database);
        env.put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/" + database);
        env.put("QUARKUS_REDIS_HOSTS", redisUrl);
        env.put("MP_MESSAGING_CONNECTOR_SMALLRYE_RABBITMQ_VIRTUAL_HOST", TestBroker.vhost()); // never the broker's "/"
        return env;
    }

    /** Starts the packaged app with {@code env} added to this process's environment; output to target/it-{name}.log. */
    public static Process start(String name, Map<String, String> env) throws IOException {
        return start(name, env, false);
    }

    /** The same; {@code appendLog}: a restart adds to the log of the earlier run instead of replacing it. */
    public static Process start(String name, Map<String, String> env, boolean appendLog) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-jar", BASE.resolve("target/quarkus-app/quarkus-run.jar").toString());
        builder.environment().putAll(env);
        return builder.redirectErrorStream(true)
                .redirectOutput(appendLog ? ProcessBuilder.Redirect.appendTo(log(name)) : ProcessBuilder.Redirect.to(log(name)))
                .start();
    }

    public static File log(String name) {
        return BASE.resolve("target/it-" + name + ".log").toFile();
    }

    /** Waits until the instance's readiness check (on its management interface) answers 200. */
    public static void awaitReady(int managementPort, Process instance) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .failFast("instance with management port " + managementPort + " exited; see target/it-*.log",
                        () -> !instance.isAlive())
                .until(() -> given().port(managementPort).get("/q/health/ready").statusCode() == 200);
    }

    /**
     * A PostgreSQL database of this build's own for an IT: the build's test database ({@code bookit.test.db}) and
     * {@code _it_name}, so that two builds side by side never share one.
     */
    public static String database(String name) {
        return System.getProperty("bookit.test.db", "bookit_test") + "_it_" + name;
    }

    /**
     * This build's Redis database ({@code bookit.test.redis-db}, the unit tests' own: the ITs run after them, one at
     * a time), emptied, as its URL.
     */
    public static String freshRedis() {
        String host = System.getProperty("bookit.test.redis-host", "127.0.0.1:6379");
        String db = System.getProperty("bookit.test.redis-db", "1");
        LocalServices.emptyRedisDatabase(host, db);
        return "redis://" + host + "/" + db;
    }

    /** A TCP port that nothing listens on now (the kernel's pick), for an instance of an IT. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void recreateDatabase(String database) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
                Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            statement.execute("CREATE DATABASE " + database);
        }
    }
}
