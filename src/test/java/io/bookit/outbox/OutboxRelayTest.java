package io.bookit.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import io.bookit.support.BrokerLink;
import io.bookit.support.Fixtures;
import io.bookit.support.Metrics;
import io.bookit.support.TestBroker;
import io.quarkus.hibernate.reactive.panache.Panache;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
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

    @BrokerLink.Inject
    BrokerLink link;

    @ConfigProperty(name = "mp.messaging.outgoing.bookit-events.exchange.name")
    String exchange;

    @Test
    void aConfirmedOrdersEventReachesItsConsumerThroughRabbitMq() {
        double consumedBefore = consumed("order.confirmed");
        double soldBefore = sold();
        String orderId = placeOrder();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(published(orderId)).isTrue();
            assertThat(consumed("order.confirmed")).isGreaterThan(consumedBefore);
            assertThat(sold()).isGreaterThanOrEqualTo(soldBefore + 1);
        });
    }

    @Test
    void ordersConfirmWhileTheBrokerIsAwayAndTheirEventsFollowWhenItIsBack() throws Exception {
        awaitBrokerInUse();
        link.cut();
        String orderId;
        try {
            orderId = placeOrder();
            Thread.sleep(3_000); // several relay rounds
            assertThat(published(orderId)).isFalse();
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
                Thread.sleep(3_000); // several relay rounds
                assertThat(published(orderId)).as("marked published though the broker refused it").isFalse();
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
            AtomicBoolean running = new AtomicBoolean(true);
            ExecutorService relays = Executors.newFixedThreadPool(2);
            List<Future<?>> rounds = new ArrayList<>();
            link.hold();
            try {
                write(topic, 20);
                for (int i = 0; i < 2; i++) {
                    rounds.add(relays.submit(() -> relayUntilStopped(running)));
                }
                Thread.sleep(9_000);
            } finally {
                link.release();
            }
            try {
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                        .untilAsserted(() -> assertThat(unpublished(topic)).isZero());
            } finally {
                running.set(false);
                for (Future<?> round : rounds) {
                    round.get();
                }
                relays.shutdown();
            }
            Thread.sleep(2_000); // late copies, if any, arrive

            List<String> delivered = new ArrayList<>();
            for (GetResponse message; (message = channel.basicGet(audit, true)) != null;) {
                delivered.add(message.getProps().getMessageId());
            }
            assertThat(delivered).as("message ids the broker got").doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(ids(topic));
        }
    }

    private Void relayUntilStopped(AtomicBoolean running) throws InterruptedException {
        while (running.get()) {
            onVertxContext(() -> relay.relay());
            Thread.sleep(100);
        }
        return null;
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
        String eventId = Fixtures.onSaleEvent(Fixtures.organizer(), 1, 5, 0, 4);
        return Fixtures.order(buyer, Fixtures.holdSeats(buyer, eventId, "ORCH-A-1")).then().statusCode(201)
                .body("status", equalTo("CONFIRMED")).extract().path("id");
    }

    private boolean published(String orderId) {
        Row row = database.preparedQuery("SELECT bool_and(published_at IS NOT NULL) AS done FROM outbox_message "
                + "WHERE topic = 'order.confirmed' AND payload LIKE $1").execute(Tuple.of("%" + orderId + "%"))
                .await().atMost(Duration.ofSeconds(5)).iterator().next();
        return Boolean.TRUE.equals(row.getBoolean("done"));
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
