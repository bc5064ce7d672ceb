package io.bookit.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.bookit.ratelimit.RateLimiter.Call;
import io.vertx.core.http.HttpMethod;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The early-refusal route's table, read from the resources' own paths, names the calls the REST layer limits. */
class EdgeRoutesTest {

    private static final String EVENT = UUID.randomUUID().toString();

    private static Call call(HttpMethod method, String path) {
        EdgeRoutes.Route route = EdgeRoutes.match(method, EdgeRoutes.split(path));
        return route == null ? null : route.call();
    }

    @Test
    void theRateLimitedCallsAreRecognizedByTheirResourcesPaths() {
        assertThat(call(HttpMethod.POST, "/api/auth/login")).isEqualTo(Call.LOGIN);
        assertThat(call(HttpMethod.POST, "/api/auth/register")).isEqualTo(Call.REGISTER);
        assertThat(call(HttpMethod.POST, "/api/orders")).isEqualTo(Call.ORDERS);
        assertThat(call(HttpMethod.POST, "/api/events/" + EVENT + "/holds")).isEqualTo(Call.HOLDS);
        assertThat(call(HttpMethod.POST, "/api/events/" + EVENT + "/queue")).isEqualTo(Call.QUEUE_JOINS);
        assertThat(call(HttpMethod.GET, "/api/queue/" + EVENT + "_" + EVENT)).isEqualTo(Call.QUEUE_POLLS);
    }

    @Test
    void otherMethodsShapesAndIdsAreLeftToTheRestLayer() {
        assertThat(call(HttpMethod.GET, "/api/auth/login")).isNull();
        assertThat(call(HttpMethod.DELETE, "/api/queue/x")).isNull();
        assertThat(call(HttpMethod.POST, "/api/orders/")).isNull();
        assertThat(call(HttpMethod.POST, "/api/events/not-a-uuid/holds")).isNull();
        assertThat(call(HttpMethod.POST, "/api/events/" + EVENT + "/holds/x")).isNull();
        assertThat(call(HttpMethod.GET, "/api/queue/a/b")).isNull();
        assertThat(call(HttpMethod.GET, "/api/events/" + EVENT)).isNull();
    }

    @Test
    void aHoldNamesItsEvent() {
        String[] parts = EdgeRoutes.split("/api/events/" + EVENT + "/holds");
        assertThat(EdgeRoutes.match(HttpMethod.POST, parts).eventId(parts)).hasToString(EVENT);
    }
}
