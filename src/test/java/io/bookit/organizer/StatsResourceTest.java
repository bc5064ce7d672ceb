package io.bookit.organizer;

import static io.bookit.organizer.OrganizerFixtures.buyArea;
import static io.bookit.organizer.OrganizerFixtures.buySeats;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.oneOf;

import io.agroal.api.AgroalDataSource;
import io.bookit.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class StatsResourceTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void statsAddUpSalesHoldsRefundsAndCheckInsExactly() {
        Fixtures.Account organizer = Fixtures.organizer();
        // ORCH: 2 rows x 5 seats at 49.00; PIT: 20 standing at 25.00; capacity 30
        String eventId = Fixtures.event(organizer).rows(2).seatsPerRow(5).standing(20).maxPerOrder(10).onSale();

        ZoneId venueZone = ZoneId.of("Europe/Berlin");
        LocalDate dayBefore = LocalDate.now(venueZone); // the sales below happen today or, past midnight, tomorrow
        Fixtures.Account seatBuyer = Fixtures.attendee();
        String seatsOrder = buySeats(seatBuyer, eventId, "ORCH-A-1", "ORCH-A-2");
        String areaOrder = buyArea(Fixtures.attendee(), eventId, "PIT", 3);
        Fixtures.Account regretful = Fixtures.attendee();
        String refundedByBuyer = buySeats(regretful, eventId, "ORCH-B-1");
        regretful.as().post("/api/orders/" + refundedByBuyer + "/cancel").then().statusCode(200)
                .body("status", equalTo("REFUNDED"));
        String refundedByOrganizer = buyArea(Fixtures.attendee(), eventId, "PIT", 1);
        organizer.as().post("/api/orders/" + refundedByOrganizer + "/cancel").then().statusCode(200);
        Fixtures.holdSeats(Fixtures.attendee(), eventId, "ORCH-A-3", "ORCH-A-4");
        Fixtures.hold(Fixtures.attendee(), eventId, Map.of("section", "PIT", "quantity", 2)).then().statusCode(201);
        OrganizerFixtures.checkIn(organizer, seatBuyer, eventId, seatsOrder, "ORCH-A-1");
        // The standing tickets were bought at 00:30 on New Year's Day in Berlin (the venue), still 2025 in UTC
        OrganizerFixtures.update(dataSource, "UPDATE ticket SET created_at = '2025-12-31T23:30:00Z' WHERE order_id = ?",
                areaOrder);
        String today = LocalDate.now(venueZone).toString();

        organizer.as().get("/api/events/" + eventId + "/stats").then().statusCode(200)
                .body("capacity", equalTo(30))
                .body("sold", equalTo(5))
                .body("held", equalTo(4))
                .body("available", equalTo(21))
                .body("revenue", equalTo("173.00"))
                .body("currency", equalTo("EUR"))
                .body("checkedIn", equalTo(1))
                .body("refunded.tickets", equalTo(2))
                .body("refunded.amount", equalTo("74.00"))
                .body("salesByDay", hasSize(2))
                .body("salesByDay[0].date", equalTo("2026-01-01"))
                .body("salesByDay[0].tickets", equalTo(3))
                .body("salesByDay[0].revenue", equalTo("75.00"))
                .body("salesByDay[1].date", oneOf(dayBefore.toString(), today))
                .body("salesByDay[1].tickets", equalTo(2))
                .body("salesByDay[1].revenue", equalTo("98.00"))
                .body("byPriceTier", hasSize(2))
                .body("byPriceTier[0].section", equalTo("ORCH"))
                .body("byPriceTier[0].price", equalTo("49.00"))
                .body("byPriceTier[0].sold", equalTo(2))
                .body("byPriceTier[0].revenue", equalTo("98.00"))
                .body("byPriceTier[1].section", equalTo("PIT"))
                .body("byPriceTier[1].price", equalTo("25.00"))
                .body("byPriceTier[1].sold", equalTo(3))
                .body("byPriceTier[1].revenue", equalTo("75.00"));
    }

    @Test
    void heldPlacesComeBackAsAvailableWhenTheHoldIsReleased() {
        Fixtures.Account organizer = Fixtures.organizer();
        String eventId = Fixtures.event(organizer).rows(1).seatsPerRow(4).standing(10).maxPerOrder(10).onSale();
        Fixtures.Account shopper = Fixtures.attendee();
        String seatHold = Fixtures.holdSeats(shopper, eventId, "ORCH-A-1");
        String areaHold = Fixtures.hold(shopper, eventId, Map.of("section", "PIT", "quantity", 4))
                .then().statusCode(201).extract().path("id");

        organizer.as().get("/api/events/" + eventId + "/stats").then().statusCode(200)
                .body("capacity", equalTo(14)).body("held", equalTo(5)).body("available", equalTo(9))
                .body("sold", equalTo(0)).body("revenue", equalTo("0.00"));

        shopper.as().delete("/api/holds/" + seatHold).then().statusCode(204);
        shopper.as().delete("/api/holds/" + areaHold).then().statusCode(204);
        organizer.as().get("/api/events/" + eventId + "/stats").then().statusCode(200)
                .body("held", equalTo(0)).body("available", equalTo(14));
    }

    @Test
    void aDraftHasEverythingAvailableAndEveryTierAtZero() {
        Fixtures.Account organizer = Fixtures.organizer();
        String venueId = Fixtures.venue(organizer, 1, 3, 5);
        String draftId = organizer.as().body(Fixtures.eventBody(venueId, true, true, 4)).post("/api/events")
                .then().statusCode(201).extract().path("id");

        organizer.as().get("/api/events/" + draftId + "/stats").then().statusCode(200)
                .body("capacity", equalTo(8)).body("available", equalTo(8)).body("held", equalTo(0))
                .body("sold", equalTo(0)).body("salesByDay", hasSize(0))
                .body("refunded.tickets", equalTo(0)).body("refunded.amount", equalTo("0.00"))
                .body("byPriceTier.sold", equalTo(java.util.List.of(0, 0)));
    }

    @Test
    void theTimelineCountsLiveTicketsPerBucketOldestFirst() {
        Fixtures.Account organizer = Fixtures.organizer();
        String eventId = Fixtures.event(organizer).rows(2).seatsPerRow(5).standing(20).maxPerOrder(10).onSale();
        String early = buySeats(Fixtures.attendee(), eventId, "ORCH-A-1", "ORCH-A-2");
        String later = buyArea(Fixtures.attendee(), eventId, "PIT", 3);
        Fixtures.Account regretful = Fixtures.attendee();
        String refunded = buySeats(regretful, eventId, "ORCH-B-1");
        regretful.as().post("/api/orders/" + refunded + "/cancel").then().statusCode(200);
        OrganizerFixtures.update(dataSource, "UPDATE ticket SET created_at = '2027-03-01T18:00:40Z' WHERE order_id = ?",
                early);
        OrganizerFixtures.update(dataSource, "UPDATE ticket SET created_at = '2027-03-01T18:02:10Z' WHERE order_id = ?",
                later);

        organizer.as().get("/api/events/" + eventId + "/stats/timeline?bucketMinutes=1").then().statusCode(200)
                .body("eventId", equalTo(eventId)).body("bucketMinutes", equalTo(1)).body("currency", equalTo("EUR"))
                .body("points", hasSize(2))
                .body("points[0].at", equalTo("2027-03-01T18:00:00Z"))
                .body("points[0].tickets", equalTo(2)).body("points[0].revenue", equalTo("98.00"))
                .body("points[1].at", equalTo("2027-03-01T18:02:00Z"))
                .body("points[1].tickets", equalTo(3)).body("points[1].revenue", equalTo("75.00"));
        organizer.as().get("/api/events/" + eventId + "/stats/timeline").then().statusCode(200)
                .body("bucketMinutes", equalTo(15)).body("points", hasSize(1))
                .body("points[0].at", equalTo("2027-03-01T18:00:00Z")).body("points[0].tickets", equalTo(5));
        organizer.as().get("/api/events/" + eventId + "/stats/timeline?bucketMinutes=0").then().statusCode(400);
        organizer.as().get("/api/events/" + eventId + "/stats/timeline?bucketMinutes=1441").then().statusCode(400);
    }
}
