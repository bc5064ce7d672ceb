package io.bookit.event;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.bookit.support.Fixtures;
import io.bookit.support.Metrics;
import io.bookit.support.Sql;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Public event reads come from the Redis cache: proven by changing rows behind the app's back (plain SQL), which a
 * cached read does not see and a read that reaches PostgreSQL does.
 */
@QuarkusTest
class EventCacheTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    RedisDataSource redis;

    @Inject
    EventCache cache;

    @Inject
    ObjectMapper mapper;

    @Test
    void theSecondReadIsServedFromTheCacheUntilAPatchInvalidatesIt() {
        Fixtures.Account organizer = Fixtures.organizer();
        String eventId = Fixtures.event(organizer).rows(1).seatsPerRow(4).maxPerOrder(4).onSale();
        String name = given().get("/api/events/" + eventId).then().statusCode(200).extract().path("name");

        renameBehindTheAppsBack(eventId, "Renamed in SQL");
        given().get("/api/events/" + eventId).then().statusCode(200).body("name", equalTo(name));

        organizer.as().body(Map.of("description", "Patched")).patch("/api/events/" + eventId).then().statusCode(200);
        given().get("/api/events/" + eventId).then().statusCode(200)
                .body("name", equalTo("Renamed in SQL"))
                .body("description", equalTo("Patched"));
    }

    @Test
    void publicReadsCarryCacheControlAndAnETagThatAnswers304UntilTheEventChanges() {
        Fixtures.Account organizer = Fixtures.organizer();
        String eventId = Fixtures.event(organizer).rows(1).seatsPerRow(4).maxPerOrder(4).onSale();
        String tag = given().get("/api/events/" + eventId).then().statusCode(200)
                .header("Cache-Control", "public, max-age=5")
                .header("ETag", notNullValue())
                .extract().header("ETag");
        given().header("If-None-Match", tag).get("/api/events/" + eventId).then().statusCode(304)
                .header("ETag", tag);

        organizer.as().body(Map.of("name", "New name")).patch("/api/events/" + eventId).then().statusCode(200);
        given().header("If-None-Match", tag).get("/api/events/" + eventId).then().statusCode(200)
                .header("ETag", not(tag)).body("name", equalTo("New name"));

        String listingTag = given().get("/api/events").then().statusCode(200)
                .header("Cache-Control", "public, max-age=5").extract().header("ETag");
        given().header("If-None-Match", listingTag).get("/api/events").then().statusCode(304);
    }

    @Test
    void draftsAreNeverCachedNorListed() {
        Fixtures.Account organizer = Fixtures.organizer();
        String token = uniqueWord();
        String eventId = draft(organizer, "Draft " + token);

        organizer.as().get("/api/events/" + eventId).then().statusCode(200)
                .header("Cache-Control", "private, no-store").body("status", equalTo("DRAFT"));
        given().get("/api/events/" + eventId).then().statusCode(404);
        Fixtures.organizer().as().get("/api/events/" + eventId).then().statusCode(404);
        given().queryParam("q", token).get("/api/events").then().statusCode(200).body("total", equalTo(0));
        assertThat(redis.hash(String.class).hgetall(EventCache.viewKey(UUID.fromString(eventId))))
                .doesNotContainKey("v:" + EventCache.SHAPE);

        renameBehindTheAppsBack(eventId, "Draft renamed " + token);
        organizer.as().get("/api/events/" + eventId).then().statusCode(200).body("name", equalTo("Draft renamed " + token));

        String generation = redis.value(String.class).get(EventCache.LISTING_GENERATION);
        organizer.as().body(Map.of("description", "Still a draft")).patch("/api/events/" + eventId).then().statusCode(200);
        assertThat(redis.value(String.class).get(EventCache.LISTING_GENERATION)).isEqualTo(generation);
    }

    @Test
    void theListingIsInvalidatedOnPublishPatchAndCancel() {
        Fixtures.Account organizer = Fixtures.organizer();
        String token = uniqueWord();
        String eventId = draft(organizer, "Listed " + token);
        given().queryParam("q", token).get("/api/events").then().statusCode(200).body("total", equalTo(0));

        organizer.as().post("/api/events/" + eventId + "/publish").then().statusCode(200);
        given().queryParam("q", token).get("/api/events").then().statusCode(200)
                .body("total", equalTo(1)).body("items[0].status", equalTo("ON_SALE"));

        Sql.update(dataSource, "UPDATE event SET description = ? WHERE id = ?", "Changed in SQL", eventId);
        given().queryParam("q", token.toUpperCase()).get("/api/events").then() // the same query, normalized
                .body("items[0].description", equalTo("A test event"));

        organizer.as().body(Map.of("name", "Listed again " + token)).patch("/api/events/" + eventId).then().statusCode(200);
        given().queryParam("q", token).get("/api/events").then().statusCode(200)
                .body("items[0].name", equalTo("Listed again " + token))
                .body("items[0].description", equalTo("Changed in SQL"));

        organizer.as().post("/api/events/" + eventId + "/cancel").then().statusCode(200);
        given().queryParam("q", token).get("/api/events").then().statusCode(200).body("total", equalTo(0));
        given().get("/api/events/" + eventId).then().statusCode(200).body("status", equalTo("CANCELLED"));
    }

    @Test
    void anImageUploadInvalidatesTheEvent() throws Exception {
        Fixtures.Account organizer = Fixtures.organizer();
        String eventId = Fixtures.event(organizer).rows(1).seatsPerRow(4).maxPerOrder(4).onSale();
        given().get("/api/events/" + eventId).then().body("imageUrl", equalTo(null));
        EventImageResourceTest.put(organizer, eventId, "image/png", EventImageResourceTest.png()).then().statusCode(200);
        given().get("/api/events/" + eventId).then().body("imageUrl", notNullValue());
    }

    @Test
    void listingPagesBeyondTheQuotaAreReadFromPostgres() {
        Fixtures.Account organizer = Fixtures.organizer();
        String token = uniqueWord();
        String eventId = Fixtures.event(organizer).rows(1).seatsPerRow(4).maxPerOrder(4).onSale();
        organizer.as().body(Map.of("name", "Quota " + token)).patch("/api/events/" + eventId).then().statusCode(200);
        String generation = redis.value(String.class).get(EventCache.LISTING_GENERATION);
        redis.hash(String.class).hset(EventCache.LISTING_COUNT, Map.of("gen", generation, "n", "1000")); // the default max-queries

        given().queryParam("q", token).get("/api/events").then().body("items[0].name", equalTo("Quota " + token));
        renameBehindTheAppsBack(eventId, "Quota renamed " + token);
        given().queryParam("q", token).get("/api/events").then().body("items[0].name", equalTo("Quota renamed " + token));
        redis.key().del(EventCache.LISTING_COUNT);
    }

    @Test
    void afterAFlushReadsFallBackToPostgresAndFillTheCacheAgain() {
        Fixtures.Account organizer = Fixtures.organizer();
        String eventId = Fixtures.event(organizer).rows(1).seatsPerRow(4).maxPerOrder(4).onSale();
        given().get("/api/events/" + eventId).then().statusCode(200);

        redis.execute("FLUSHDB");
        renameBehindTheAppsBack(eventId, "After the flush");
        given().get("/api/events/" + eventId).then().statusCode(200).body("name", equalTo("After the flush"));
        renameBehindTheAppsBack(eventId, "Cached again");
        given().get("/api/events/" + eventId).then().statusCode(200).body("name", equalTo("After the flush"));
        given().get("/api/events/" + eventId + "/seats").then().statusCode(200); // seat state rebuilt as ever
    }

    @Test
    void aLoadThatRacedAWriteDoesNotPutTheOldViewBack() throws Exception {
        EventDtos.EventView old = uncachedEvent();
        UUID id = old.id();
        String eventId = id.toString();

        // the reader loaded the old row; a write commits and invalidates before the reader stores it
        cache.details(id, () -> Uni.createFrom().item(old).call(() -> cache.evict(id))).await().atMost(Duration.ofSeconds(5));

        renameBehindTheAppsBack(eventId, "Written meanwhile");
        given().get("/api/events/" + eventId).then().body("name", equalTo("Written meanwhile"));
    }

    @Test
    void concurrentMissesOfOneEventShareOneLoad() throws Exception {
        EventDtos.EventView view = uncachedEvent();
        UUID id = view.id();

        AtomicInteger loads = new AtomicInteger();
        List<Uni<CachedRead<EventDtos.EventView>>> readers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            readers.add(cache.details(id, () -> Uni.createFrom().item(view).invoke(loads::incrementAndGet)
                    .onItem().delayIt().by(Duration.ofMillis(300))));
        }
        List<CachedRead<EventDtos.EventView>> answers = Uni.join().all(readers).andFailFast()
                .await().atMost(Duration.ofSeconds(10));

        assertThat(loads).hasValue(1);
        assertThat(answers).allSatisfy(answer -> assertThat(answer.value().name()).isEqualTo(view.name()));
    }

    @Test
    void hitsAndMissesAreCounted() {
        String eventId = Fixtures.event(Fixtures.organizer()).rows(1).seatsPerRow(4).maxPerOrder(4).onSale();
        double hits = Metrics.sum("bookit_cache_total", "cache=\"details\"", "result=\"hit\"");
        double misses = Metrics.sum("bookit_cache_total", "cache=\"details\"", "result=\"miss\"");
        given().get("/api/events/" + eventId).then().statusCode(200); // first read of a new event: a miss
        given().get("/api/events/" + eventId).then().statusCode(200); // then served from the cache
        assertThat(Metrics.sum("bookit_cache_total", "cache=\"details\"", "result=\"miss\"")).isEqualTo(misses + 1);
        assertThat(Metrics.sum("bookit_cache_total", "cache=\"details\"", "result=\"hit\"")).isEqualTo(hits + 1);
    }

    @Test
    void theApiDocumentStillDescribesTheEventView() {
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("paths.'/api/events/{id}'.get.responses.'200'.content.'application/json'.schema.'$ref'",
                        containsString("EventView"))
                .body("paths.'/api/events'.get.responses.'200'.content.'application/json'.schema.'$ref'",
                        containsString("PageResult"));
    }

    /** A new on-sale event as the API shows it, with nothing cached for it any more. */
    private EventDtos.EventView uncachedEvent() throws Exception {
        String eventId = Fixtures.event(Fixtures.organizer()).rows(1).seatsPerRow(4).maxPerOrder(4).onSale();
        EventDtos.EventView view = mapper.readValue(given().get("/api/events/" + eventId).asString(),
                EventDtos.EventView.class);
        cache.evict(UUID.fromString(eventId)).await().atMost(Duration.ofSeconds(5));
        return view;
    }

    private void renameBehindTheAppsBack(String eventId, String name) {
        assertThat(Sql.update(dataSource, "UPDATE event SET name = ? WHERE id = ?", name, eventId)).isEqualTo(1);
    }

    private static String draft(Fixtures.Account organizer, String name) {
        Map<String, Object> body = Fixtures.eventBody(Fixtures.venue(organizer, 1, 4, 0), true, false, 4);
        body.put("name", name);
        return organizer.as().body(body).post("/api/events").then().statusCode(201).extract().path("id");
    }

    private static String uniqueWord() {
        return "w" + UUID.randomUUID().toString().replace("-", "");
    }
}
