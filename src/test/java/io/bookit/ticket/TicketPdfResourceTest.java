package io.bookit.ticket;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.bookit.support.Fixtures;
import io.bookit.support.Pdfs;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Tickets as PDF files: a ticket for its holder, an order's tickets for its buyer and the event's owner. */
@QuarkusTest
class TicketPdfResourceTest {

    @Test
    void theHolderDownloadsATicketAsAPdfWhoseQrIsTheTicketsCode() {
        Fixtures.Account buyer = Fixtures.account("ATTENDEE", "Grace Hopper");
        Fixtures.Account organizer = Fixtures.organizer();
        String eventId = Fixtures.event(organizer).rows(1).seatsPerRow(10).maxPerOrder(4).onSale();
        String ticketId = Fixtures.buySeats(buyer, eventId, "ORCH-A-7").get(0);
        String code = buyer.as().get("/api/tickets/" + ticketId).then().extract().path("code");

        Response pdf = buyer.as().get("/api/tickets/" + ticketId + "/pdf");
        pdf.then().statusCode(200).contentType("application/pdf")
                .header("Content-Disposition", "inline; filename=\"ticket-" + ticketId + ".pdf\"")
                .header("Cache-Control", "private, no-cache");
        assertThat(Pdfs.pageCount(pdf.asByteArray())).isEqualTo(1);
        assertThat(Pdfs.scannedCodes(pdf.asByteArray())).containsExactly(code);
        assertThat(Pdfs.pageTexts(pdf.asByteArray()).get(0)).contains("ORCH-A-7", "Grace Hopper", "TICKET 1 OF 1");

        Fixtures.attendee().as().get("/api/tickets/" + ticketId + "/pdf").then().statusCode(404)
                .contentType("application/problem+json");
        organizer.as().get("/api/tickets/" + ticketId + "/pdf").then().statusCode(404); // the holder's, not the owner's
        buyer.as().get("/api/tickets/" + UUID.randomUUID() + "/pdf").then().statusCode(404);
        given().get("/api/tickets/" + ticketId + "/pdf").then().statusCode(401);
    }

    @Test
    void anOrdersTicketsAreOnePdfForItsBuyerAndTheEventsOwnerOnly() {
        Fixtures.Account buyer = Fixtures.attendee();
        Fixtures.Account organizer = Fixtures.organizer();
        String eventId = Fixtures.event(organizer).rows(1).seatsPerRow(10).standing(40).maxPerOrder(4).onSale();
        String orderId = Fixtures.order(buyer, Fixtures.hold(buyer, eventId, Map.of("section", "PIT", "quantity", 3))
                .then().statusCode(201).extract().path("id")).then().statusCode(201).extract().path("id");
        List<String> ticketIds = buyer.as().get("/api/orders/" + orderId).then().statusCode(200)
                .extract().path("tickets.id"); // in the order's ticket order, as the PDF's pages
        List<String> codes = ticketIds.stream()
                .map(id -> buyer.as().get("/api/tickets/" + id).then().extract().<String>path("code")).toList();

        for (Fixtures.Account reader : List.of(buyer, organizer)) {
            Response pdf = reader.as().get("/api/orders/" + orderId + "/tickets.pdf");
            pdf.then().statusCode(200).contentType("application/pdf");
            assertThat(Pdfs.pageCount(pdf.asByteArray())).isEqualTo(3);
            assertThat(Pdfs.scannedCodes(pdf.asByteArray())).containsExactlyElementsOf(codes);
            assertThat(Pdfs.pageTexts(pdf.asByteArray()).get(2)).contains("AREA", "PIT", "Standing (general admission)",
                    "TICKET 3 OF 3");
        }
        Fixtures.attendee().as().get("/api/orders/" + orderId + "/tickets.pdf").then().statusCode(404)
                .contentType("application/problem+json");
        Fixtures.organizer().as().get("/api/orders/" + orderId + "/tickets.pdf").then().statusCode(404);
        buyer.as().get("/api/orders/" + UUID.randomUUID() + "/tickets.pdf").then().statusCode(404);
        given().get("/api/orders/" + orderId + "/tickets.pdf").then().statusCode(401);
    }

    @Test
    void aRefundedTicketsPdfSaysVoidAndHasNoCode() {
        Fixtures.Account buyer = Fixtures.attendee();
        String eventId = Fixtures.event(Fixtures.organizer()).rows(1).seatsPerRow(10).maxPerOrder(4).onSale();
        Map<String, Object> order = Fixtures.order(buyer, Fixtures.holdSeats(buyer, eventId, "ORCH-A-1"))
                .then().statusCode(201).extract().as(Map.class);
        buyer.as().post("/api/orders/" + order.get("id") + "/cancel").then().statusCode(200)
                .body("status", equalTo("REFUNDED"));

        byte[] pdf = buyer.as().get("/api/orders/" + order.get("id") + "/tickets.pdf").then().statusCode(200)
                .extract().asByteArray();
        assertThat(Pdfs.pageTexts(pdf).get(0)).contains("VOID", "not valid for entry");
        assertThat(Pdfs.scannedCodes(pdf)).containsOnlyNulls();
    }
}
