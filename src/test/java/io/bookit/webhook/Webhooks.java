package io.bookit.webhook;

import io.bookit.support.Fixtures;
import java.util.List;
import java.util.Map;

/** Webhook set-up through the public API. */
final class Webhooks {

    private Webhooks() {
    }

    record Endpoint(String id, String secret) {
    }

    static Endpoint subscribe(Fixtures.Account organizer, String url, String... events) {
        Map<String, Object> created = organizer.as().body(Map.of("url", url, "events", List.of(events)))
                .post("/api/organizer/webhooks").then().statusCode(201).extract().path("");
        return new Endpoint((String) created.get("id"), (String) created.get("secret"));
    }

    /** The endpoint's deliveries, newest first. */
    static List<Map<String, Object>> deliveries(Fixtures.Account organizer, String endpointId) {
        return organizer.as().get("/api/organizer/webhooks/" + endpointId + "/deliveries").then().statusCode(200)
                .extract().path("items");
    }
}
