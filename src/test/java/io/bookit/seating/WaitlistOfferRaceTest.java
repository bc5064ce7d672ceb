package io.bookit.seating;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agroal.api.AgroalDataSource;
import io.bookit.support.Fixtures;
import io.bookit.support.Parallel;
import io.bookit.support.Sql;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The waiting list's offers under concurrency and Redis loss: several sweepers (one per instance in production)
 * expire the same hold at once and offer it once; buyers racing a release never get the offered seat; after Redis
 * lost everything the list is rebuilt from PostgreSQL and offered again.
 */
@QuarkusTest
@TestProfile(io.bookit.waitlist.WaitlistTestProfile.class)
class WaitlistOfferRaceTest {

    @Inject
    SeatInventory inventory;

    @Inject
    RedisDataSource redis;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void sweepersOfSeveralInstancesOfferAnExpiredHoldOnce() throws Exception {
        // every account first: the hold below must still be alive when the fans join (bookit.holds.ttl 15 s)
        Fixtures.Account holder = Fixtures.attendee();
        Fixtures.Account buyer = Fixtures.attendee();
        List<Fixtures.Account> fans = List.of(Fixtures.attendee(), Fixtures.attendee(), Fixtures.attendee());
        String eventId = Fixtures.event(Fixtures.organizer()).rows(1).seatsPerRow(3).maxPerOrder(3).onSale();
        String holdId = Fixtures.holdSeats(holder, eventId, "ORCH-A-1");
        Fixtures.buySeats(buyer, eventId, "ORCH-A-2", "ORCH-A-3");
        fans.forEach(fan -> join(fan, eventId, 1));
        Instant due = Instant.parse(holder.as().get("/api/holds/" + holdId).then().extract().path("expiresAt"));
        await().atMost(Duration.ofSeconds(30)).until(() -> Instant.now().isAfter(due));

        // eight sweeps at once, beside this instance's own sweeper, as eight instances would run them
        Parallel.run(8, i -> inventory.sweep(UUID.fromString(eventId), 500, 1000).await().atMost(Duration.ofSeconds(10)));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(status(fans.get(0), eventId)).isEqualTo("OFFERED"));
        assertThat(status(fans.get(1), eventId)).isEqualTo("WAITING");
        assertThat(status(fans.get(2), eventId)).isEqualTo("WAITING");
        assertThat(Sql.number(dataSource, "SELECT count(*) FROM waitlist_entry WHERE event_id = ?::uuid "
                + "AND status = 'OFFERED'", eventId)).isEqualTo(1);
        // one offer hold in the sweep index: the expired hold is gone from it, nothing else was made
        assertThat(redis.sortedSet(String.class).zrange(EventKeys.of(UUID.fromString(eventId)).expiry(), 0, -1))
                .containsExactly((String) entry(fans.get(0), eventId).get("holdId"));
    }

    @Test
    void nothingOfferedIsAlsoSoldToBuyersRacingTheRelease() throws Exception {
        List<Fixtures.Account> racers = java.util.stream.IntStream.range(0, 16).mapToObj(i -> Fixtures.attendee())
                .toList();
        Fixtures.Account holder = Fixtures.attendee();
        Fixtures.Account buyer = Fixtures.attendee();
        Fixtures.Account fan = Fixtures.attendee();
        String eventId = Fixtures.event(Fixtures.organizer()).rows(1).seatsPerRow(2).maxPerOrder(2).onSale();
        String holdId = Fixtures.holdSeats(holder, eventId, "ORCH-A-1"); // released below, before it expires
        Fixtures.buySeats(buyer, eventId, "ORCH-A-2");
        join(fan, eventId, 1);

        // the holder lets go (twice, as from two instances) while sixteen buyers try to hold the seat
        List<Integer> answers = Parallel.run(18, i -> i < 2
                ? holder.as().delete("/api/holds/" + holdId).statusCode()
                : Fixtures.hold(racers.get(i - 2), eventId, Map.of("seats", List.of("ORCH-A-1"))).statusCode());

        assertThat(answers.subList(0, 2)).containsExactlyInAnyOrder(204, 409);
        assertThat(answers.subList(2, 18)).containsOnly(409);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(status(fan, eventId)).isEqualTo("OFFERED"));
        String offer = (String) entry(fan, eventId).get("holdId");
        Fixtures.order(racers.get(0), offer).then().statusCode(404);
        Fixtures.order(fan, offer).then().statusCode(201);
        assertThat(Sql.number(dataSource, "SELECT count(*) FROM ticket WHERE event_id = ?::uuid AND seat_id = 'ORCH-A-1' "
                + "AND status <> 'VOID'", eventId)).isEqualTo(1);
    }

    @Test
    void afterRedisLostEverythingTheListIsRebuiltFromPostgresAndOffersAgain() {
        // every account first: the holds below must still be alive when the fans join (bookit.holds.ttl 15 s)
        Fixtures.Account holder = Fixtures.attendee();
        Fixtures.Account buyer = Fixtures.attendee();
        Fixtures.Account other = Fixtures.attendee();
        Fixtures.Account first = Fixtures.attendee();
        Fixtures.Account second = Fixtures.attendee();
        String eventId = Fixtures.event(Fixtures.organizer()).rows(1).seatsPerRow(3).maxPerOrder(3).onSale();
        String holdId = Fixtures.holdSeats(holder, eventId, "ORCH-A-1");
        Fixtures.buySeats(buyer, eventId, "ORCH-A-2");
        Fixtures.holdSeats(other, eventId, "ORCH-A-3"); // a hold Redis will lose
        join(first, eventId, 1);
        join(second, eventId, 1);
        holder.as().delete("/api/holds/" + holdId).then().statusCode(204);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(status(first, eventId)).isEqualTo("OFFERED"));
        String lostOffer = (String) entry(first, eventId).get("holdId");

        redis.execute("FLUSHDB"); // this test run's own Redis database: holds, offers, the list and its index

        // PostgreSQL's record rebuilds the list; A-1 and A-3 (their holds lost) go to the two entries, by position
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(status(first, eventId)).isEqualTo("OFFERED");
            assertThat(entry(first, eventId).get("holdId")).isNotEqualTo(lostOffer);
            assertThat(status(second, eventId)).isEqualTo("OFFERED");
        });
        assertThat(Fixtures.seatStatuses(eventId)).containsEntry("ORCH-A-1", "HELD").containsEntry("ORCH-A-3", "HELD")
                .containsEntry("ORCH-A-2", "SOLD");
        Fixtures.order(first, lostOffer).then().statusCode(404);
        Fixtures.order(first, (String) entry(first, eventId).get("holdId")).then().statusCode(201);
    }

    private static void join(Fixtures.Account fan, String eventId, int quantity) {
        fan.as().body(Map.of("quantity", quantity)).post("/api/events/" + eventId + "/waitlist").then().statusCode(201);
    }

    private static Map<String, Object> entry(Fixtures.Account account, String eventId) {
        List<Map<String, Object>> items = account.as().get("/api/me/waitlist").then().statusCode(200).extract()
                .path("items");
        return items.stream().filter(item -> eventId.equals(item.get("eventId"))).findFirst().orElseThrow();
    }

    private static String status(Fixtures.Account account, String eventId) {
        return (String) entry(account, eventId).get("status");
    }
}
