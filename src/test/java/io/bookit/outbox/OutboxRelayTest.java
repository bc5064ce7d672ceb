package io.bookit.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.bookit.support.BrokerLink;
import io.bookit.support.Fixtures;
import io.bookit.support.Metrics;
import io.bookit.support.TestBroker;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Order events travel through the outbox and the real RabbitMQ broker, and survive the broker being away. The app
 * reaches the broker through a {@link BrokerLink} that the tests cut: the machine's broker is never stopped.
 */
@QuarkusTest
@WithTestResource(BrokerLink.class)
class OutboxRelayTest {

    @Inject
    Pool database;

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

    private static double consumed(String type) {
        return Metrics.sum("bookit_events_consumed_total", "consumer=\"seat-states\"", "type=\"" + type + "\"");
    }

    private static double sold() {
        return Metrics.sum("bookit_sales_tickets_total", "currency=\"EUR\"", "type=\"sold\"");
    }
}
