package io.bookit.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import io.bookit.seating.EventKeys;
import io.bookit.support.BrokerLink;
import io.bookit.support.Fixtures;
import io.bookit.support.Metrics;
import io.bookit.support.TestBroker;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Order events travel through the outbox and the real RabbitMQ broker, are marked published only once the broker
 * confirmed them, and survive the broker being away. The app reaches the broker through a {@link BrokerLink} that
 * the tests cut: the machine's broker is never stopped. A short lease (3 s) makes lease races show within a test.
 */
@QuarkusTest
@WithTestResource(value = BrokerLink.class, initArgs = {
        @ResourceArg(name = "bookit.outbox.lease", value = "3s"),
        @ResourceArg(name = "bookit.outbox.publish-timeout", value = "15s"),
        @ResourceArg(name = "quarkus.log.category.\"io.bookit.outbox\".level", value = "DEBUG") })
class OutboxRelayTest {

    @Inject
    Pool database;

    @Inject
    Outbox outbox;

    @Inject
    OutboxRelay relay;

    @Inject
    RedisDataSource redis;

    @BrokerLink.Inject
    BrokerLink link;

    @ConfigProperty(name = "mp.messaging.outgoing.bookit-events.exchange.name")
    String exchange;

    /** This order's own event, followed through the broker to what each consumer did with it. */
    @Test
    void aConfirmedOrdersEventReachesEveryConsumerThroughRabbitMq() {
        double consumedBefore = consumed("order.confirmed");
        double soldBefore = sold();
        String orderId = placeOrder();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(published(orderId)).isTrue();
            assertThat(consumed("order.confirmed")).isGreaterThanOrEqualTo(consumedBefore + 1); // seat states
            assertThat(sold()).isGreaterThanOrEqualTo(soldBefore + 1); // sales metrics
            assertThat(number("SELECT count(*) AS n FROM order_mail WHERE order_id = $1 AND kind = 'CONFIRMATION'",
                    orderId)).isEqualTo(1); // the confirmation mail, once
            assertThat(number("SELECT count(*) AS n FROM ticket WHERE order_id = $1 AND file_stored_at IS NOT NULL",
                    orderId)).isEqualTo(1); // the ticket's file
        });
    }

    /**
     * The order call committed but died before it marked the seat SOLD in Redis, and the sweeper then gave the
     * claimed hold back: Redis shows a sold seat free. The order's event, through the broker, repairs it.
     */
    @Test
    void aSaleTheOrderCallDidNotApplyToRedisIsAppliedByItsEvent() {
        awaitBrokerInUse();
        Fixtures.Account buyer = Fixtures.attendee();
        String eventId = Fixtures.event(Fixtures.organizer()).rows(1).seatsPerRow(5).maxPerOrder(4).onSale();
        EventKeys keys = EventKeys.of(UUID.fromString(eventId));
        String orderId;
        link.cut();
        try {
            String holdId = Fixtures.holdSeats(buyer, eventId, "ORCH-A-2");
            orderId = Fixtures.order(buyer, holdId).then().statusCode(201).extract().path("id");
            undoRedisStep(keys, holdId, 1);
            assertThat(Fixtures.seatStatuses(eventId)).containsEntry("ORCH-A-2", "AVAILABLE");
        } finally {
            link.restore();
        }
        String order = orderId;
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            assertThat(published(order)).isTrue();
            assertThat(Fixtures.seatStatuses(eventId)).containsEntry("ORCH-A-2", "SOLD");
        });
        Fixtures.Account other = Fixtures.attendee();
        Fixtures.hold(other, eventId, Map.of("seats", List.of("ORCH-A-2"))).then().statusCode(409);
    }

    /**
     * The sale that fills the venue never reached Redis from its order call (undone as above), so Redis still shows a
     * place free when the sale commits: the event is marked sold out once its event has repaired Redis, not missed.
     */
    @Test
    void theSaleThatFillsTheVenueIsNoticedWhenOnlyItsEventBringsItToRedis() {
        awaitBrokerInUse();
        Fixtures.Account buyer = Fixtures.attendee();
        String eventId = Fixtures.event(Fixtures.organizer()).rows(1).seatsPerRow(2).maxPerOrder(2).onSale();
        EventKeys keys = EventKeys.of(UUID.fromString(eventId));
        double consumedBefore = consumed("order.confirmed");
        String first = Fixtures.order(buyer, Fixtures.holdSeats(buyer, eventId, "ORCH-A-1")).then().statusCode(201)
                .extract().path("id");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(published(first)).isTrue();
            assertThat(consumed("order.confirmed")).isGreaterThanOrEqualTo(consumedBefore + 1);
        });
        link.cut();
        try {
            String holdId = Fixtures.holdSeats(buyer, eventId, "ORCH-A-2");
            Fixtures.order(buyer, holdId).then().statusCode(201).body("status", equalTo("CONFIRMED"));
            undoRedisStep(keys, holdId, 1);
            assertThat(soldOutAt(eventId)).isNull();
        } finally {
            link.restore();
        }
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(soldOutAt(eventId)).isNotNull());
        assertThat(database.preparedQuery("SELECT count(*) AS n FROM outbox_message WHERE topic = 'event.sold_out'"
                + " AND payload LIKE $1").execute(Tuple.of("%" + eventId + "%")).await().atMost(Duration.ofSeconds(5))
                .iterator().next().getLong("n")).isEqualTo(1);
    }

    /** Undoes the order call's Redis step for one seat, as if it had never run and the hold had then been swept. */
    private void undoRedisStep(EventKeys keys, String holdId, int seatIndex) {
        redis.hash(String.class).hset(keys.hold(holdId), "state", "EXPIRED");
        redis.value(String.class).setrange(keys.seats(), seatIndex, "0");
    }

    private String soldOutAt(String eventId) {
        return database.preparedQuery("SELECT sold_out_at::text AS at FROM event WHERE id = $1")
                .execute(Tuple.of(UUID.fromString(eventId))).await().atMost(Duration.ofSeconds(5)).iterator().next()
                .getString("at");
    }

    /** The broker delivers an order's event a second time: every consumer's effect stays as after the first. */
    @Test
    void aRedeliveredOrderEventChangesNothingAnyConsumerDid() throws Exception {
        awaitBrokerInUse();
        Fixtures.Account buyer = Fixtures.attendee();
        // its own currency, so that the sales counters move for this test's order only
        String eventId = Fixtures.event(Fixtures.organizer()).standing(10).maxPerOrder(4)
                .with(Map.of("currency", "CHF")).onSale();
        String holdId = Fixtures.hold(buyer, eventId, Map.of("section", "PIT", "quantity", 3)).then().statusCode(201)
                .extract().path("id");
        String orderId = Fixtures.order(buyer, holdId).then().statusCode(201).extract().path("id");
        double consumedBefore = consumed("order.confirmed");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(published(orderId)).isTrue();
            assertThat(number("SELECT count(*) AS n FROM order_mail WHERE order_id = $1", orderId)).isEqualTo(1);
            assertThat(number("SELECT count(*) AS n FROM ticket WHERE order_id = $1 AND file_stored_at IS NOT NULL",
                    orderId)).isEqualTo(3);
            assertThat(Metrics.sum("bookit_sales_tickets_total", "currency=\"CHF\"", "type=\"sold\"")).isEqualTo(3);
        });
        String storedAt = fileStoredAt(orderId);
        given().get("/api/events/" + eventId + "/seats").then().body("areas[0].available", equalTo(7));
        double consumedOnce = consumed("order.confirmed");

        Row row = database.preparedQuery("SELECT id, topic, payload FROM outbox_message WHERE topic = 'order.confirmed' "
                + "AND payload LIKE $1").execute(Tuple.of("%" + orderId + "%")).await().atMost(Duration.ofSeconds(5))
                .iterator().next();
        try (Connection broker = TestBroker.connect(); Channel channel = broker.createChannel()) {
            channel.basicPublish(exchange, row.getString("topic"), new AMQP.BasicProperties.Builder()
                    .messageId(row.getUUID("id").toString()).contentType("application/json").deliveryMode(2).build(),
                    row.getString("payload").getBytes(StandardCharsets.UTF_8));
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> consumed("order.confirmed") >= consumedOnce + 1);
        assertThat(consumedOnce).isGreaterThanOrEqualTo(consumedBefore);
        given().get("/api/events/" + eventId + "/seats").then().body("areas[0].available", equalTo(7));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() ->
                number("SELECT count(*) AS n FROM order_mail WHERE order_id = $1", orderId) == 1
                        && Metrics.sum("bookit_sales_tickets_total", "currency=\"CHF\"", "type=\"sold\"") == 3
                        && storedAt.equals(fileStoredAt(orderId)));
    }

    @Test
    void ordersConfirmWhileTheBrokerIsAwayAndTheirEventsFollowWhenItIsBack() throws Exception {
        awaitBrokerInUse();
        link.cut();
        String orderId;
        try {
            orderId = placeOrder();
            String order = orderId;
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)) // several relay rounds
                    .until(() -> !published(order));
        } finally {
            link.restore();
        }
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(published(orderId)).isTrue());
    }

    @Test
    void aRowStaysUnpublishedWhileTheBrokerRefusesItAndGoesOutOnceTheBrokerTakesIt() throws Exception {
        try (Connection broker = TestBroker.connect(); Channel channel = broker.createChannel()) {
            // A queue that refuses every order.confirmed message: the broker answers their publishes with a nack.
            String refusing = channel.queueDeclare("bookit.refusing.test", false, true, false,
                    Map.of("x-max-length", 0, "x-overflow", "reject-publish")).getQueue();
            channel.queueBind(refusing, exchange, "order.confirmed");
            String orderId;
            try {
                orderId = placeOrder();
                String order = orderId;
                await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)) // several relay rounds
                        .alias("marked published though the broker refused it").until(() -> !published(order));
            } finally {
                channel.queueDelete(refusing);
            }
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> assertThat(published(orderId)).isTrue());
        }
    }

    /**
     * The broker stalls for three leases with a batch's sends pending: the scheduled relay and two more called at
     * once, again and again, must leave those rows to the relay that sent them; the broker gets every row once.
     */
    @Test
    void relaysRunningAtOnceNeverPublishOneRowTwice() throws Exception {
        String topic = "outbox.audit." + UUID.randomUUID();
        awaitBrokerInUse();
        try (Connection broker = TestBroker.connect(); Channel channel = broker.createChannel()) {
            String audit = channel.queueDeclare("", false, true, true, Map.of()).getQueue();
            channel.queueBind(audit, exchange, topic);
            ScheduledExecutorService relays = Executors.newScheduledThreadPool(2);
            link.hold();
            try {
                write(topic, 20);
                for (int i = 0; i < 2; i++) {
                    relays.scheduleWithFixedDelay(() -> onVertxContext(() -> relay.relay()), 0, 100,
                            TimeUnit.MILLISECONDS);
                }
                // three leases pass with every send unconfirmed: no row may count as published meanwhile
                await().during(Duration.ofSeconds(9)).atMost(Duration.ofSeconds(20))
                        .until(() -> unpublished(topic) == 20);
            } finally {
                link.release();
            }
            try {
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                        .untilAsserted(() -> assertThat(unpublished(topic)).isZero());
            } finally {
                relays.shutdown();
                assertThat(relays.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            }
            // late copies, if any, arrive while the queue's count has not settled for 2 s
            long[] seen = {-1};
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(30)).until(() -> {
                long count = channel.messageCount(audit);
                boolean settled = count == seen[0];
                seen[0] = count;
                return settled;
            });

            List<String> delivered = new ArrayList<>();
            for (GetResponse message; (message = channel.basicGet(audit, true)) != null;) {
                delivered.add(message.getProps().getMessageId());
            }
            assertThat(delivered).as("message ids the broker got").doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(ids(topic));
        }
    }

    private void write(String topic, int rows) {
        onVertxContext(() -> Panache.withTransaction(() -> Multi.createFrom().items(IntStream.range(0, rows).boxed())
                .onItem().transformToUniAndConcatenate(n -> outbox.write(topic, Map.of("n", n)))
                .collect().last()));
    }

    private static <T> T onVertxContext(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** Places an order and waits for its event, so that the app has connected to the broker before a test cuts it. */
    private void awaitBrokerInUse() {
        String orderId = placeOrder();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(published(orderId)).isTrue());
    }

    private static String placeOrder() {
        Fixtures.Account buyer = Fixtures.attendee();
        String eventId = Fixtures.event(Fixtures.organizer()).rows(1).seatsPerRow(5).maxPerOrder(4).onSale();
        return Fixtures.order(buyer, Fixtures.holdSeats(buyer, eventId, "ORCH-A-1")).then().statusCode(201)
                .body("status", equalTo("CONFIRMED")).extract().path("id");
    }

    /** The order's confirmation is in the outbox (one row, not zero) and the broker confirmed it. */
    private boolean published(String orderId) {
        Row row = database.preparedQuery("SELECT count(*) AS n, bool_and(published_at IS NOT NULL) AS done "
                + "FROM outbox_message WHERE topic = 'order.confirmed' AND payload LIKE $1")
                .execute(Tuple.of("%" + orderId + "%")).await().atMost(Duration.ofSeconds(5)).iterator().next();
        return row.getLong("n") == 1 && Boolean.TRUE.equals(row.getBoolean("done"));
    }

    private String fileStoredAt(String orderId) {
        return database.preparedQuery("SELECT max(file_stored_at)::text AS at FROM ticket WHERE order_id = $1")
                .execute(Tuple.of(UUID.fromString(orderId))).await().atMost(Duration.ofSeconds(5)).iterator().next()
                .getString("at");
    }

    private long number(String sql, String orderId) {
        return database.preparedQuery(sql).execute(Tuple.of(UUID.fromString(orderId)))
                .await().atMost(Duration.ofSeconds(5)).iterator().next().getLong("n");
    }

    private long unpublished(String topic) {
        return database.preparedQuery("SELECT count(*) AS n FROM outbox_message WHERE topic = $1 AND published_at IS NULL")
                .execute(Tuple.of(topic)).await().atMost(Duration.ofSeconds(5)).iterator().next().getLong("n");
    }

    private List<String> ids(String topic) {
        List<String> ids = new ArrayList<>();
        database.preparedQuery("SELECT id FROM outbox_message WHERE topic = $1").execute(Tuple.of(topic))
                .await().atMost(Duration.ofSeconds(5)).forEach(row -> ids.add(row.getUUID("id").toString()));
        return ids;
    }

    private static double consumed(String type) {
        return Metrics.sum("bookit_events_consumed_total", "consumer=\"seat-states\"", "type=\"" + type + "\"");
    }

    private static double sold() {
        return Metrics.sum("bookit_sales_tickets_total", "currency=\"EUR\"", "type=\"sold\"");
    }
}
