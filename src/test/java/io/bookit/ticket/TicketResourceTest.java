package io.bookit.ticket;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.bookit.storage.StorageGateway;
import io.bookit.support.Fixtures;
import io.bookit.support.QrScanner;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

@QuarkusTest
class TicketResourceTest {

    @Inject
    S3Client s3;

    @Inject
    StorageGateway storage;

    @Test
    void aTicketShowsItsSignedCodeAndTheQrDecodesToIt() throws Exception {
        Fixtures.Account buyer = Fixtures.attendee();
        String eventId = Fixtures.event(Fixtures.organizer()).rows(1).seatsPerRow(10).maxPerOrder(4).onSale();
        String ticketId = Fixtures.buySeats(buyer, eventId, "ORCH-A-3").get(0);

        String code = buyer.as().get("/api/tickets/" + ticketId).then().statusCode(200)
                .body("id", equalTo(ticketId)).body("eventId", equalTo(eventId))
                .body("seat", equalTo("ORCH-A-3")).body("status", equalTo("VALID"))
                .body("code", startsWith("BK1."))
                .extract().path("code");
        buyer.as().get("/api/tickets/" + ticketId).then().body("code", equalTo(code)); // stable

        Response qr = buyer.as().get("/api/tickets/" + ticketId + "/qr.png");
        qr.then().statusCode(200).contentType("image/png").header("Cache-Control", startsWith("private"));
        assertThat(QrScanner.read(qr.asByteArray())).isEqualTo(code);

        String etag = qr.header("ETag");
        assertThat(etag).isNotBlank();
        buyer.as().header("If-None-Match", etag).get("/api/tickets/" + ticketId + "/qr.png").then().statusCode(304);
    }

    @Test
    void onlyTheHolderSeesATicket() {
        Fixtures.Account buyer = Fixtures.attendee();
        Fixtures.Account organizer = Fixtures.organizer();
        String eventId = Fixtures.event(organizer).rows(1).seatsPerRow(10).maxPerOrder(4).onSale();
        String ticketId = Fixtures.buySeats(buyer, eventId, "ORCH-A-1").get(0);

        Fixtures.attendee().as().get("/api/tickets/" + ticketId).then().statusCode(404)
                .contentType("application/problem+json");
        organizer.as().get("/api/tickets/" + ticketId + "/qr.png").then().statusCode(404)
                .contentType("application/problem+json");
        given().get("/api/tickets/" + ticketId).then().statusCode(401);
        buyer.as().get("/api/tickets/" + java.util.UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void issuedTicketFilesReachThePrivateBucketOnlyAfterConfirmation() throws Exception {
        Fixtures.Account buyer = Fixtures.attendee();
        String eventId = Fixtures.event(Fixtures.organizer()).rows(1).seatsPerRow(10).maxPerOrder(4).onSale();
        List<String> ticketIds = Fixtures.buySeats(buyer, eventId, "ORCH-A-1", "ORCH-A-2");
        String bucket = storage.bucket(StorageGateway.Visibility.PRIVATE);
        String publicBucket = storage.bucket(StorageGateway.Visibility.PUBLIC);
        assertThat(bucket).isNotEqualTo(publicBucket);

        for (String ticketId : ticketIds) {
            String key = TicketFiles.key(java.util.UUID.fromString(eventId), java.util.UUID.fromString(ticketId));
            HeadObjectResponse head = Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                    .ignoreExceptions()
                    .until(() -> s3.headObject(h -> h.bucket(bucket).key(key)), response -> response != null);
            // the public bucket (the one a CDN or public URL may serve) never holds a ticket
            assertThatThrownBy(() -> s3.headObject(h -> h.bucket(publicBucket).key(key)))
                    .isInstanceOf(S3Exception.class);
            assertThat(head.contentType()).isEqualTo("image/png");
            String code = buyer.as().get("/api/tickets/" + ticketId).then().extract().path("code");
            // the local store (s3proxy on files) may show an object while the file sweep writes it again: read it
            // until it is whole; it must then be the ticket's QR
            byte[] stored = Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                    .ignoreExceptions()
                    .until(() -> {
                        byte[] bytes = s3.getObjectAsBytes(g -> g.bucket(bucket).key(key)).asByteArray();
                        return code.equals(QrScanner.read(bytes)) ? bytes : null;
                    }, bytes -> bytes != null);
            // the QR endpoint now serves the stored file
            assertThat(buyer.as().get("/api/tickets/" + ticketId + "/qr.png").asByteArray()).isEqualTo(stored);
        }
        // one file per ticket of the order, and none besides: two seats, two tickets, two distinct files
        assertThat(ticketIds).hasSize(2).doesNotHaveDuplicates();
        assertThat(s3.listObjectsV2(l -> l.bucket(bucket).prefix("tickets/" + eventId + "/")).contents())
                .extracting(object -> object.key()).containsExactlyInAnyOrderElementsOf(ticketIds.stream()
                        .map(id -> TicketFiles.key(java.util.UUID.fromString(eventId), java.util.UUID.fromString(id)))
                        .toList());
    }
}
