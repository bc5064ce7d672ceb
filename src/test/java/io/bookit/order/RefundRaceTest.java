package io.bookit.order;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.bookit.support.Fixtures;
import io.bookit.support.Parallel;
import io.bookit.support.Sql;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A refund happens once however many callers ask for it at the same time (the cancel call, the refund job, ...). */
@QuarkusTest
class RefundRaceTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void parallelCancellationsOfOneOrderRefundItOnce() throws Exception {
        Fixtures.Account organizer = Fixtures.organizer();
        Fixtures.Account buyer = Fixtures.attendee();
        String eventId = Fixtures.onSaleEvent(organizer, 0, 0, 10, 4);
        String orderId = Fixtures.order(buyer, Fixtures.hold(buyer, eventId, Map.of("section", "PIT", "quantity", 3))
                .then().statusCode(201).extract().path("id")).then().statusCode(201).extract().path("id");

        List<Integer> answers = Parallel.run(8,
                i -> organizer.as().post("/api/orders/" + orderId + "/cancel").then().extract().statusCode());

        assertThat(answers).contains(200).allMatch(status -> status == 200 || status == 409);
        assertThat(Sql.number(dataSource, "SELECT count(*) FROM outbox_message WHERE topic = 'order.refunded' "
                + "AND payload LIKE ?", "%" + orderId + "%")).as("order.refunded events").isEqualTo(1);
        assertThat(Sql.number(dataSource, "SELECT sold FROM event_area WHERE event_id = ? AND section = 'PIT'", eventId))
                .as("places sold in the area").isZero();
    }
}
