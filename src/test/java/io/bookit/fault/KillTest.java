package io.bookit.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agroal.api.AgroalDataSource;
import io.bookit.seating.EventKeys;
import io.bookit.support.FaultProxy;
import io.bookit.support.FaultServices;
import io.bookit.support.Fixtures;
import io.bookit.support.PackagedApp;
import io.bookit.support.Sql;
import io.bookit.support.TestBroker;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 21, fault 4: an instance killed with SIGKILL while orders are between their claim (Redis) and their commit
 * (PostgreSQL), and while orders are between their commit and their Redis sale step. The killed instances are the
 * packaged app ({@code target/quarkus-app}, as production runs it) sharing this test's PostgreSQL database, Redis
 * server and RabbitMQ vhost; the test's own app is the second instance that finishes the job: its sweeper frees the
 * dead claims, its outbox relay publishes what the dead one had not, its consumers mark the committed sales SOLD, its
 * reconciliation repairs what is left. A sale runs on the test's app all along; afterwards {@link Invariants} hold.
 * <p>
 * The kills land at the right step by a real fault, not by timing luck: the killed instance's simulated payment takes
 * {@link #PAYMENT_DELAY} (bookit.payments.simulated-delay), which keeps its orders claimed and not committed; the
 * test sees the claims in Redis, then freezes that instance's PostgreSQL proxy (nothing it sends reaches PostgreSQL:
 * the commits never land) or its Redis proxy (the commits land, the Redis sale step never does), and kills it.
 * <p>
 * Needs the packaged app: CI runs {@code ./mvnw verify} before the fault suite; locally run
 * {@code ./mvnw package -DskipTests -Dquarkus.quinoa.enabled=false} first (the test refuses an app older than the
 * sources).
 */
@Tag("fault")
@QuarkusTest
@WithTestResource(value = FaultServices.class, initArgs = {
        @ResourceArg(name = "bookit.holds.ttl", value = "25s"),
        @ResourceArg(name = "bookit.holds.commit-grace", value = "10s"),
        @ResourceArg(name = "bookit.reconcile.interval", value = "2s"),
        @ResourceArg(name = "bookit.outbox.publish-timeout", value = "5s"),
        @ResourceArg(name = "bookit.outbox.lease", value = "6s"),
        // three apps on one PostgreSQL whose 100 connections other builds share (32 each by default)
        @ResourceArg(name = "quarkus.datasource.reactive.max-size", value = "10"),
        // the killed instances run with production settings: the same secrets, so that both read each other's keys
        @ResourceArg(name = "bookit.tickets.key-encryption-key", value = PackagedApp.TEST_KEY_ENCRYPTION_KEY),
        @ResourceArg(name = "bookit.waiting-room.token-secret", value = PackagedApp.TEST_TOKEN_SECRET) })
class KillTest {

    /** How long the killed instances' simulated payment takes: the margin the test has to freeze a proxy. */
    static final Duration PAYMENT_DELAY = Duration.ofSeconds(5);
    static final int ORDERS_PER_KILL = 3;

    @FaultServices.Inject
    FaultServices services;

    @Inject
    AgroalDataSource database;

    @Inject
    RedisDataSource redis;

    @Test
    void instancesKilledBetweenClaimAndCommitAndBetweenCommitAndRedisLeaveNothingBehind() throws Exception {
        packagedAppIsCurrent();
        // one instance whose PostgreSQL the test can freeze, one whose Redis it can freeze; started side by side
        // before the sale (a start takes 20-60 s on the shared build machine)
        try (FaultProxy postgresOfA = FaultProxy.start(pgHost()[0], Integer.parseInt(pgHost()[1]), 0);
                FaultProxy redisOfB = FaultProxy.start("127.0.0.1", services.redisPort, 0)) {
            Instance a = Instance.start("kill-a", env("127.0.0.1:" + postgresOfA.port(), "127.0.0.1:" + services.redisPort));
            Instance b = Instance.start("kill-b", env(String.join(":", pgHost()), "127.0.0.1:" + redisOfB.port()));
            try {
                a.awaitReady();
                b.awaitReady();
                FaultSale sale = FaultSale.prepare(FaultTest.BUYERS, 8, 10, 20).start(); // free seats left for the kills
                awaitOrders(sale, 8);

                // A: claimed, PostgreSQL frozen before the commit, killed
                List<Pending> beforeCommit = orderOn(a, sale.eventId);
                awaitClaimed(sale.eventId, beforeCommit);
                postgresOfA.freeze();
                long killedA = a.kill();
                postgresOfA.cutConnections();
                for (Pending order : beforeCommit) {
                    assertThat(Sql.number(database, "SELECT count(*) FROM orders WHERE hold_id = ?", order.holdId))
                            .as("an order of the instance killed before its commit").isZero();
                }

                // B: claimed, Redis frozen, committed in PostgreSQL, killed before its Redis sale step
                List<Pending> beforeSale = orderOn(b, sale.eventId);
                awaitClaimed(sale.eventId, beforeSale);
                redisOfB.freeze();
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() ->
                        beforeSale.stream().allMatch(order -> Sql.column(database,
                                "SELECT status FROM orders WHERE hold_id = ?", order.holdId).contains("CONFIRMED")));
                long killedB = b.kill();
                redisOfB.cutConnections();
                EventKeys keys = EventKeys.of(UUID.fromString(sale.eventId));
                for (Pending order : beforeSale) {
                    assertThat(redis.hash(String.class).hget(keys.hold(order.holdId), "state"))
                            .as("Redis never heard of the sale of the killed instance").isEqualTo("CLAIMED");
                }
                System.out.printf("[fault] SIGKILL: A dead %d ms and B %d ms after the signal%n", killedA, killedB);

                // the buyers retry on the instance left, with the same Idempotency-Key
                long retriedAt = System.nanoTime();
                for (Pending order : beforeSale) {
                    Response retry = order.retry();
                    assertThat(retry.statusCode()).as("the order B committed, asked again: " + retry.asString())
                            .isIn(200, 201);
                    assertThat(retry.<String>path("status")).isEqualTo("CONFIRMED");
                    sale.confirmed.add(retry.path("id"));
                }
                for (Pending order : beforeCommit) {
                    Response retry = order.retry();
                    // the hold stays "in checkout" until the dead claim's grace or the hold's own expiry, then ends
                    assertThat(retry.statusCode()).as("the order A never committed, asked again: " + retry.asString())
                            .isIn(409, 410);
                }
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                        Stream.concat(beforeCommit.stream(), beforeSale.stream()).allMatch(order -> !"CLAIMED".equals(
                                redis.hash(String.class).hget(keys.hold(order.holdId), "state"))));
                System.out.printf("[fault] SIGKILL: the dead instances' claims settled %d ms after the kills%n",
                        (System.nanoTime() - retriedAt) / 1_000_000);
                // no wait for more orders here: the 80 seats may be sold or held by then (a run waited a minute in
                // vain); the invariants sell whatever is left
                sale.stop();
                new Invariants(database, redis).check(sale, FaultTest.RECOVERY);
            } finally {
                a.close();
                b.close();
            }
        }
    }

    /**
     * ORDERS_PER_KILL buyers hold a seat each (best available) on the test's app, then all order them at once on
     * {@code instance}, each on a thread of its own.
     */
    private static List<Pending> orderOn(Instance instance, String eventId) {
        List<Fixtures.Account> buyers = new ArrayList<>();
        List<String> holds = new ArrayList<>();
        for (int i = 0; i < ORDERS_PER_KILL; i++) {
            Fixtures.Account buyer = Fixtures.attendee();
            // the sale's buyers hold seats too: try again until a seat is free (abandoned holds expire)
            holds.add(await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() ->
                    Fixtures.hold(buyer, eventId, Map.of("bestAvailable", Map.of("quantity", 1))),
                    held -> held.statusCode() == 201).path("id"));
            buyers.add(buyer);
        }
        ExecutorService senders = Executors.newFixedThreadPool(ORDERS_PER_KILL);
        List<Pending> orders = new ArrayList<>();
        for (int i = 0; i < ORDERS_PER_KILL; i++) {
            Fixtures.Account buyer = buyers.get(i);
            String holdId = holds.get(i);
            String key = UUID.randomUUID().toString();
            CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> {
                try {
                    Response response = buyer.as().port(instance.port).header("Idempotency-Key", key)
                            .body(Map.of("holdId", holdId)).post("/api/orders");
                    return response.statusCode() + " " + response.asString();
                } catch (RuntimeException killed) {
                    return "no answer: " + killed; // the connection died with the instance
                }
            }, senders);
            orders.add(new Pending(buyer, holdId, key, answer));
        }
        senders.shutdown();
        return orders;
    }

    /** An order sent to an instance that is to be killed. */
    private record Pending(Fixtures.Account buyer, String holdId, String key, CompletableFuture<String> answer) {
        Response retry() {
            return buyer.as().header("Idempotency-Key", key).body(Map.of("holdId", holdId)).post("/api/orders");
        }
    }

    private void awaitClaimed(String eventId, List<Pending> orders) {
        EventKeys keys = EventKeys.of(UUID.fromString(eventId));
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
                .failFast("an order answered before its claim was seen", () -> {
                    if (orders.stream().anyMatch(order -> order.answer.isDone())) {
                        throw new AssertionError(orders.stream().map(order -> order.answer.getNow("pending")).toList());
                    }
                })
                .until(() -> orders.stream()
                .allMatch(order -> "CLAIMED".equals(redis.hash(String.class).hget(keys.hold(order.holdId), "state"))));
        assertThat(orders).as("no order answered before the kill").allMatch(order -> !order.answer.isDone());
    }

    private static void awaitOrders(FaultSale sale, int atLeast) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> sale.confirmed.size() >= atLeast);
    }

    /**
     * A killed instance's settings: production's (PackagedApp), this test's database and Redis (through the given
     * addresses), vhost, exchanges and queues, SMTP and S3 servers and timings, and the payment delay.
     */
    private static Map<String, String> env(String postgres, String redisAddress) {
        Map<String, String> env = PackagedApp.productionSettings();
        Config config = ConfigProvider.getConfig();
        for (String name : config.getPropertyNames()) {
            boolean shared = name.matches("mp\\.messaging\\.(incoming|outgoing)\\.[a-z-]+\\.(exchange|queue)\\.name")
                    || Stream.of("bookit.holds.", "bookit.outbox.", "bookit.reconcile.", "bookit.tickets.", "bookit.s3.",
                            "bookit.mail.", "quarkus.mailer.", "quarkus.s3.").anyMatch(name::startsWith);
            if (shared) {
                config.getOptionalValue(name, String.class).ifPresent(value -> env.put(envName(name), value));
            }
        }
        String database = System.getProperty("bookit.test.db", "bookit_test");
        env.put("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://" + postgres + "/" + database);
        env.put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://" + String.join(":", pgHost()) + "/" + database);
        env.put("QUARKUS_REDIS_HOSTS", "redis://" + redisAddress);
        env.put("MP_MESSAGING_CONNECTOR_SMALLRYE_RABBITMQ_VIRTUAL_HOST", TestBroker.vhost());
        env.put("BOOKIT_MAIL_ENABLED", "true");
        env.put("QUARKUS_DATASOURCE_REACTIVE_MAX_SIZE", "4");
        env.put("BOOKIT_PAYMENTS_SIMULATED_DELAY", PAYMENT_DELAY.toSeconds() + "s");
        return env;
    }

    private static String envName(String property) {
        return property.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    private static String[] pgHost() {
        return System.getProperty("bookit.test.pg-host", "127.0.0.1:5432").split(":");
    }

    /** The packaged app exists and is not older than the sources (it would test other code). */
    private static void packagedAppIsCurrent() throws IOException {
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
        String how = "run ./mvnw package -DskipTests -Dquarkus.quinoa.enabled=false before the fault suite "
                + "(CI's ./mvnw verify does)";
        assertThat(jar).as("the packaged app; " + how).exists();
        Path app = Path.of("target/quarkus-app/app");
        long built = Files.list(app).mapToLong(KillTest::modified).max().orElse(0);
        try (Stream<Path> sources = Stream.concat(Files.walk(Path.of("src/main/java")),
                Files.walk(Path.of("src/main/resources")))) {
            Path newest = sources.filter(Files::isRegularFile).max((x, y) -> Long.compare(modified(x), modified(y)))
                    .orElseThrow();
            assertThat(modified(newest)).as("%s changed after the packaged app was built; %s", newest, how)
                    .isLessThanOrEqualTo(built);
        }
    }

    private static long modified(Path path) {
        try {
            return Files.getLastModifiedTime(path).toMillis();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One packaged app process, killed with SIGKILL. */
    private static final class Instance implements AutoCloseable {
        final int port;
        final int managementPort;
        final Process process;

        private Instance(int port, int managementPort, Process process) {
            this.port = port;
            this.managementPort = managementPort;
            this.process = process;
        }

        static Instance start(String name, Map<String, String> settings) throws IOException {
            int port = freePort();
            int management = freePort();
            Map<String, String> env = new HashMap<>(settings);
            env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
            env.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(management));
            return new Instance(port, management, PackagedApp.start(name, env));
        }

        void awaitReady() {
            PackagedApp.awaitReady(managementPort, process);
        }

        /** SIGKILL (Process.destroyForcibly on Linux); answers the ms since the call began, once it is dead. */
        long kill() throws InterruptedException {
            long began = System.nanoTime();
            process.destroyForcibly();
            assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("killed").isTrue();
            assertThat(process.exitValue()).as("exit code of a SIGKILL").isEqualTo(137);
            return (System.nanoTime() - began) / 1_000_000;
        }

        @Override
        public void close() throws InterruptedException {
            if (process.isAlive()) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
