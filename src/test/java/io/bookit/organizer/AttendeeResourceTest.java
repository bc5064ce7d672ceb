package io.bookit.organizer;

import static io.bookit.organizer.OrganizerFixtures.buyArea;
import static io.bookit.organizer.OrganizerFixtures.buySeats;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bookit.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AttendeeResourceTest {

    static final String TRICKY_NAME = "Zoë \"Z\" O'Brien, Jr.\nSecond line";
    static final String UNICODE_NAME = "Ålice Ünicode 日本";
    static final String FORMULA_NAME = "=HYPERLINK(\"http://x\")";

    Fixtures.Account organizer;
    String eventId;
    Fixtures.Account tricky;
    Fixtures.Account unicode;
    String unicodeOrder;
    String plainOrder;

    /** 7 tickets: 2 seats (tricky name), 3 standing (non-ASCII name), 1 refunded seat, 1 checked-in seat. */
    @BeforeEach
    void sell() {
        organizer = Fixtures.organizer();
        eventId = Fixtures.event(organizer).rows(1).seatsPerRow(6).standing(10).maxPerOrder(10).onSale();
        tricky = Fixtures.account("ATTENDEE", TRICKY_NAME);
        buySeats(tricky, eventId, "ORCH-A-1", "ORCH-A-2");
        unicode = Fixtures.account("ATTENDEE", UNICODE_NAME);
        unicodeOrder = buyArea(unicode, eventId, "PIT", 3);
        String refunded = buySeats(Fixtures.account("ATTENDEE", FORMULA_NAME), eventId, "ORCH-A-3");
        organizer.as().post("/api/orders/" + refunded + "/cancel").then().statusCode(200);
        Fixtures.Account plain = Fixtures.account("ATTENDEE", "Plain Person");
        plainOrder = buySeats(plain, eventId, "ORCH-A-4");
        OrganizerFixtures.checkIn(organizer, plain, eventId, plainOrder, "ORCH-A-4");
    }

    private Response list(String query) {
        return organizer.as().get("/api/events/" + eventId + "/attendees" + query);
    }

    @Test
    void listsOneRowPerTicketInPurchaseOrder() {
        Response all = list("?size=50");
        all.then().statusCode(200)
                .body("total", equalTo(7)).body("page", equalTo(0)).body("size", equalTo(50))
                .body("items", hasSize(7))
                .body("items[0].holderName", equalTo(TRICKY_NAME))
                .body("items[0].holderEmail", equalTo(tricky.email()))
                .body("items[0].section", equalTo("ORCH"))
                .body("items[0].price", equalTo("49.00"))
                .body("items[0].currency", equalTo("EUR"))
                .body("items[0].orderStatus", equalTo("CONFIRMED"))
                .body("items[0].ticketStatus", equalTo("VALID"))
                .body("items[0].purchasedAt", notNullValue())
                .body("items[0].checkedInAt", nullValue())
                .body("items[2].seat", equalTo("PIT"))
                .body("items[2].section", equalTo("PIT"))
                .body("items[2].price", equalTo("25.00"))
                .body("items[2].orderId", equalTo(unicodeOrder))
                .body("items[5].seat", equalTo("ORCH-A-3"))
                .body("items[5].orderStatus", equalTo("REFUNDED"))
                .body("items[5].ticketStatus", equalTo("VOID"))
                .body("items[6].seat", equalTo("ORCH-A-4"))
                .body("items[6].ticketStatus", equalTo("CHECKED_IN"))
                .body("items[6].checkedInAt", notNullValue());
        List<String> seats = all.path("items.seat");
        assertEquals(List.of("ORCH-A-1", "ORCH-A-2"), seats.subList(0, 2).stream().sorted().toList());
    }

    @Test
    void searchesNameEmailOrderIdAndSeatIgnoringCase() {
        list("?q=zOË").then().statusCode(200).body("total", equalTo(2)).body("items", hasSize(2));
        list("?q=" + unicode.email().toUpperCase()).then().body("total", equalTo(3))
                .body("items.holderName", equalTo(List.of(UNICODE_NAME, UNICODE_NAME, UNICODE_NAME)));
        list("?q=" + plainOrder.substring(0, 13).toUpperCase()).then().body("total", equalTo(1))
                .body("items[0].orderId", equalTo(plainOrder));
        list("?q=" + plainOrder).then().body("total", equalTo(1)).body("items[0].orderId", equalTo(plainOrder));
        list("?q=orch-a-4").then().body("total", equalTo(1)).body("items[0].seat", equalTo("ORCH-A-4"));
        list("?q=ORCH-A").then().body("total", equalTo(4));
        list("?q=pit").then().body("total", equalTo(3));
        list("?q=%25").then().body("total", equalTo(0)).body("items", hasSize(0));
    }

    @Test
    void pagesAreDisjointStableAndLimitedTo500() {
        List<String> all = list("?size=50").path("items.ticketId");
        List<String> paged = new ArrayList<>();
        for (int page = 0; page < 3; page++) {
            Response response = list("?size=3&page=" + page);
            response.then().statusCode(200).body("total", equalTo(7)).body("page", equalTo(page));
            paged.addAll(response.path("items.ticketId"));
        }
        assertEquals(all, paged);
        list("?size=500").then().statusCode(200);
        list("?size=501").then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://bookit.dev/problems/validation"));
        list("?size=0").then().statusCode(400).contentType("application/problem+json");
        list("?page=-1").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void csvExportHasEveryRowAndRoundTripsThroughACsvParser() throws IOException {
        List<Map<String, Object>> items = list("?size=50").path("items");
        Response csv = organizer.as().accept("text/csv").get("/api/events/" + eventId + "/attendees");
        csv.then().statusCode(200)
                .header("Content-Disposition", equalTo("attachment; filename=\"attendees-" + eventId + ".csv\""));
        assertTrue(csv.contentType().startsWith("text/csv"), csv.contentType());
        assertTrue(csv.contentType().toLowerCase().contains("charset=utf-8"), csv.contentType());
        assertEquals(null, csv.header("Content-Length"), "streamed in chunks, not buffered");

        List<CSVRecord> records = parse(new String(csv.asByteArray(), StandardCharsets.UTF_8));
        assertEquals(items.size(), records.size());
        for (int i = 0; i < items.size(); i++) {
            Map<String, Object> item = items.get(i);
            CSVRecord record = records.get(i);
            for (String column : List.of("ticketId", "seat", "section", "holderEmail", "orderId", "orderStatus",
                    "ticketStatus", "price", "currency", "purchasedAt")) {
                assertEquals(item.get(column), record.get(column), column + " of row " + i);
            }
            String name = (String) item.get("holderName");
            assertEquals(name.startsWith("=") ? "'" + name : name, record.get("holderName"));
            assertEquals(item.get("checkedInAt") == null ? "" : item.get("checkedInAt"), record.get("checkedInAt"));
        }
        assertEquals(TRICKY_NAME, records.get(0).get("holderName"));
        assertEquals(UNICODE_NAME, records.get(2).get("holderName"));
    }

    @Test
    void csvExportHonoursTheSearch() throws IOException {
        String body = organizer.as().accept("text/csv").queryParam("q", "ünicode")
                .get("/api/events/" + eventId + "/attendees").then().statusCode(200).extract().asString();
        List<CSVRecord> records = parse(body);
        assertEquals(3, records.size());
        records.forEach(record -> assertEquals("PIT", record.get("seat")));
    }

    @Test
    void csvExportOfAnEventWithoutTicketsIsTheHeaderAlone() throws IOException {
        String empty = Fixtures.event(organizer).rows(1).seatsPerRow(2).maxPerOrder(2).onSale();
        String body = organizer.as().accept("text/csv").get("/api/events/" + empty + "/attendees")
                .then().statusCode(200).extract().asString();
        assertTrue(body.startsWith("ticketId,seat,section,holderName"), body);
        assertEquals(0, parse(body).size());
    }

    static List<CSVRecord> parse(String csv) throws IOException {
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get();
        try (CSVParser parser = CSVParser.parse(new StringReader(csv), format)) {
            return parser.getRecords();
        }
    }
}
