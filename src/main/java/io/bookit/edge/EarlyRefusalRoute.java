package io.bookit.edge;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bookit.auth.CachedTokenIdentityProvider;
import io.bookit.common.ClientAddress;
import io.bookit.common.Problem;
import io.bookit.common.ProblemException;
import io.bookit.ratelimit.RateLimiter;
import io.bookit.ratelimit.RateLimitsConfig;
import io.bookit.seating.HoldProblems;
import io.bookit.waitingroom.AdmissionMemory;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Answers, in front of the REST layer, the calls this instance already knows it will refuse (see
 * {@code ratelimit/EmptyBuckets} and {@link AdmissionMemory}): a 429 while the caller's or the address's bucket is empty, and a 403 admission-required for
 * a token-less hold on an event behind a waiting room. Such an answer costs no REST layer, no JSON parsing and no
 * Redis round trip, so a crowd repeating refused calls at a multiple of the hold rate cannot starve admitted
 * shoppers of CPU. The caller is known from its bearer token, verified here on first sight and remembered (the REST
 * layer would verify it anyway); an address whose bucket is empty is refused before any token is looked at. Anything
 * else goes on to the REST layer, which answers it as usual (and teaches this route the next refusal).
 * <p>
 * Which calls it knows comes from the resources' own {@code @Path}s ({@link EdgeRoutes}). This package sits on top:
 * it is the one place allowed to know auth, rate limits, seating and the waiting room together.
 * <p>
 * It also sheds load: when more than {@code bookit.rate-limits.max-queue-calls-in-flight} queue joins and polls are
 * in progress on this instance (they pile up only when it falls behind), further ones get 429 {@code busy} at once,
 * so that a waiting crowd cannot take the CPU that admitted shoppers' holds and orders need.
 */
@ApplicationScoped
public class EarlyRefusalRoute {

    private final RateLimiter limits;
    private final AdmissionMemory refusals;
    private final CachedTokenIdentityProvider tokens;
    private final ObjectMapper json;
    private final MeterRegistry metrics;
    private final int maxQueueCallsInFlight;
    private final AtomicInteger queueCallsInFlight = new AtomicInteger();

    EarlyRefusalRoute(RateLimiter limits, AdmissionMemory refusals, CachedTokenIdentityProvider tokens,
            ObjectMapper json, MeterRegistry metrics, RateLimitsConfig config) {
        this.maxQueueCallsInFlight = config.maxQueueCallsInFlight();
        this.limits = limits;
        this.refusals = refusals;
        this.tokens = tokens;
        this.json = json;
        this.metrics = metrics;
    }

    void install(@Observes Router router) {
        Log.debugf("Early refusals for %d calls", EdgeRoutes.ROUTES.size()); // a resource path it cannot read fails here
        router.route("/api/*").order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT).handler(this::handle);
    }

    void handle(RoutingContext context) {
        HttpServerRequest request = context.request();
        String[] parts = EdgeRoutes.split(context.normalizedPath());
        EdgeRoutes.Route route = EdgeRoutes.match(request.method(), parts);
        ProblemException refusal = route == null ? null : refusal(route, parts, request);
        if (refusal == null && route != null && isQueueCall(route.call())) {
            if (queueCallsInFlight.incrementAndGet() > maxQueueCallsInFlight) {
                queueCallsInFlight.decrementAndGet();
                refusal = busy();
            } else {
                context.addEndHandler(ended -> queueCallsInFlight.decrementAndGet()); // also when the client goes
            }
        }
        if (refusal == null) {
            context.next();
            return;
        }
        metrics.counter("bookit.refused.early", "type", refusal.type()).increment();
        Problem.send(context.response(), refusal, json);
    }

    private ProblemException refusal(EdgeRoutes.Route route, String[] parts, HttpServerRequest request) {
        RateLimiter.Call call = route.call();
        String address = ClientAddress.of(request);
        ProblemException limited = limits.knownRefusal(call, null, address); // a flooding address: no token verified
        if (limited != null) {
            return limited;
        }
        String user = caller(request);
        limited = limits.knownRefusal(call, user, null); // the address's bucket was asked just above
        if (limited != null || call != RateLimiter.Call.HOLDS || user == null
                || request.getHeader("X-Admission-Token") != null) {
            return limited;
        }
        UUID eventId = route.eventId(parts);
        return eventId != null && refusals.requiresAdmission(eventId, System.currentTimeMillis())
                ? HoldProblems.admissionRequired("missing")
                : null;
    }

    private static boolean isQueueCall(RateLimiter.Call call) {
        return call == RateLimiter.Call.QUEUE_JOINS || call == RateLimiter.Call.QUEUE_POLLS;
    }

    private static ProblemException busy() {
        return new ProblemException(429, "busy", "Busy", "This server is answering too many queue calls at once; "
                + "retry in 1 s").with("retryAfterSeconds", 1).header("Retry-After", "1");
    }

    private String caller(HttpServerRequest request) {
        String authorization = request.getHeader("Authorization");
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? tokens.subjectOf(authorization.substring(7).trim())
                : null;
    }
}
