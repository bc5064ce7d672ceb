package io.bookit.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bookit.support.Fixtures;
import io.bookit.support.Metrics;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * An event is marked sold out (and {@code event.sold_out} written) by the sale that fills its venue, once; sales
 * that leave places free do not mark it.
 */
@QuarkusTest
class SoldOutTest {

    @Inject
    Pool database;

    @Test
    void theSaleThatFillsTheVenueMarksTheEventSoldOutOnce() {
        Fixtures.Account buyer = Fixtures.attendee();
        String eventId = Fixtures.event(Fixtures.organizer()).rows(1).seatsPerRow(3).maxPerOrder(3).onSale();

        double consumed = consumed();
        Fixtures.buySeats(buyer, eventId, "ORCH-A-1", "ORCH-A-2");
        await().atMost(Duration.ofSeconds(30)).until(() -> consumed() >= consumed + 1);
        assertThat(soldOutAt(eventId)).as("one seat is still free").isNull();

        Fixtures.buySeats(Fixtures.attendee(), eventId, "ORCH-A-3");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(soldOutAt(eventId)).isNotNull());
        assertThat(count("SELECT count(*) AS n FROM outbox_message WHERE topic = 'event.sold_out' AND payload LIKE $1",
                "%" + eventId + "%")).isEqualTo(1);
    }

    @Test
    void generalAdmissionSellsOutToo() {
        String eventId = Fixtures.event(Fixtures.organizer()).rows(0).standing(2).maxPerOrder(2).onSale();
        Fixtures.Account buyer = Fixtures.attendee();
        String holdId = Fixtures.hold(buyer, eventId, java.util.Map.of("section", "PIT", "quantity", 2)).then()
                .statusCode(201).extract().path("id");
        Fixtures.order(buyer, holdId).then().statusCode(201);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(soldOutAt(eventId)).isNotNull());
    }

    private String soldOutAt(String eventId) {
        return database.preparedQuery("SELECT sold_out_at::text AS at FROM event WHERE id = $1")
                .execute(Tuple.of(UUID.fromString(eventId))).await().atMost(Duration.ofSeconds(5)).iterator().next()
                .getString("at");
    }

    private long count(String sql, String parameter) {
        return database.preparedQuery(sql).execute(Tuple.of(parameter)).await().atMost(Duration.ofSeconds(5))
                .iterator().next().getLong("n");
    }

    private static double consumed() {
        return Metrics.sum("bookit_events_consumed_total", "consumer=\"seat-states\"", "type=\"order.confirmed\"");
    }
}
