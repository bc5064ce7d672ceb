package io.bookit.event;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.bookit.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

@QuarkusTest
class EventImageResourceTest {

    static byte[] png() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "png", out);
        return out.toByteArray();
    }

    static io.restassured.response.Response put(Fixtures.Account who, String eventId, String type, byte[] body) {
        return given().header("Authorization", "Bearer " + who.token()).contentType(type).body(body)
                .put("/api/events/" + eventId + "/image");
    }

    @Test
    void theOwnerSetsAnImageAndTheEventCarriesItsUrl() throws Exception {
        Fixtures.Account organizer = Fixtures.organizer();
        String eventId = Fixtures.event(organizer).rows(1).seatsPerRow(4).maxPerOrder(4).onSale();
        given().get("/api/events/" + eventId).then().body("imageUrl", nullValue());
        byte[] image = png();

        // labelled JPEG, but the bytes are a PNG: the bytes decide
        String url = put(organizer, eventId, "image/jpeg", image).then().statusCode(200)
                .body("imageUrl", notNullValue()).extract().path("imageUrl");
        String shown = given().get("/api/events/" + eventId).then().statusCode(200).extract().path("imageUrl");
        assertThat(shown).isNotNull().contains("events/" + eventId + "/image-").contains(".png");

        HttpResponse<byte[]> fetched = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(fetched.statusCode()).isEqualTo(200);
        assertThat(fetched.body()).isEqualTo(image);
        assertThat(fetched.headers().firstValue("Content-Type")).hasValue("image/png");
    }

    @Test
    void theTypeComesFromTheBytesAndTheSizeIsLimited() throws Exception {
        Fixtures.Account organizer = Fixtures.organizer();
        String eventId = Fixtures.event(organizer).rows(1).seatsPerRow(4).maxPerOrder(4).onSale();

        put(organizer, eventId, "image/png", "GIF89a, or not an image".getBytes()).then().statusCode(415)
                .contentType("application/problem+json")
                .body("type", equalTo("https://bookit.dev/problems/unsupported-media-type"));
        given().get("/api/events/" + eventId).then().body("imageUrl", nullValue()); // refused: nothing stored
        byte[] webp = "RIFF\0\0\0\0WEBPVP8 ".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        assertServed(put(organizer, eventId, "application/octet-stream", webp).then().statusCode(200)
                .extract().path("imageUrl"), ".webp", "image/webp", webp);
        byte[] jpeg = new byte[1024];
        jpeg[0] = (byte) 0xFF;
        jpeg[1] = (byte) 0xD8;
        jpeg[2] = (byte) 0xFF;
        String jpegUrl = put(organizer, eventId, "image/jpeg", jpeg).then().statusCode(200).extract().path("imageUrl");
        assertServed(jpegUrl, ".jpg", "image/jpeg", jpeg);

        byte[] tooBig = Arrays.copyOf(png(), 5 * 1024 * 1024 + 1);
        put(organizer, eventId, "image/png", tooBig).then().statusCode(413)
                .contentType("application/problem+json")
                .body("type", equalTo("https://bookit.dev/problems/payload-too-large"));
        // still the last good one (the same object; its URL is signed afresh on each read)
        String shown = given().get("/api/events/" + eventId).then().extract().path("imageUrl");
        assertThat(URI.create(shown).getPath()).isEqualTo(URI.create(jpegUrl).getPath());
        byte[] atLimit = Arrays.copyOf(png(), 5 * 1024 * 1024);
        assertServed(put(organizer, eventId, "image/png", atLimit).then().statusCode(200).extract().path("imageUrl"),
                ".png", "image/png", atLimit);
    }

    /** The event shows the URL, and the URL serves exactly the uploaded bytes with their type. */
    private static void assertServed(String url, String extension, String type, byte[] bytes) throws Exception {
        assertThat(url).contains(extension);
        HttpResponse<byte[]> fetched = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(fetched.statusCode()).isEqualTo(200);
        assertThat(fetched.headers().firstValue("Content-Type")).hasValue(type);
        assertThat(fetched.body()).isEqualTo(bytes);
    }

    @Test
    void onlyTheOwnerSetsTheImage() throws Exception {
        Fixtures.Account organizer = Fixtures.organizer();
        String eventId = Fixtures.event(organizer).rows(1).seatsPerRow(4).maxPerOrder(4).onSale();
        put(Fixtures.organizer(), eventId, "image/png", png()).then().statusCode(403);
        put(Fixtures.attendee(), eventId, "image/png", png()).then().statusCode(403);
        given().contentType("image/png").body(png()).put("/api/events/" + eventId + "/image").then().statusCode(401);
        given().get("/api/events/" + eventId).then().body("imageUrl", nullValue());
    }
}
