package io.bookit.common;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.bookit.event.Event;
import io.bookit.support.Fixtures;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.junit.jupiter.api.Test;

/**
 * The last line of defence in {@link ProblemMapper}: real failures of PostgreSQL and Hibernate Reactive that a
 * client's input or a race can cause, raised by a test-only resource that skips the input rules on purpose, are
 * 4xx problems and not 500.
 */
@QuarkusTest
class KnownFailuresTest {

    /** Sends to the database what the input rules keep out of every real endpoint. */
    @Path("/test/failures")
    @PermitAll
    public static class FailingResource {

        @POST
        @Path("/nul-in-text")
        @Operation(hidden = true)
        public Uni<Object> nulInText() {
            return query("SELECT length(?1)", "a\u0000b");
        }

        @POST
        @Path("/instant-beyond-postgres")
        @Operation(hidden = true)
        public Uni<Object> instantBeyondPostgres() {
            return query("SELECT ?1 + interval '1 day'", Instant.parse("+200000-01-01T00:00:00Z"));
        }

        @POST
        @Path("/number-out-of-range")
        @Operation(hidden = true)
        public Uni<Object> numberOutOfRange() {
            return query("SELECT CAST(CAST(?1 AS text) AS integer)", "99999999999");
        }

        /** The event's row changes behind the loaded entity's back, as a parallel PATCH would change it. */
        @POST
        @Path("/stale-event/{id}")
        @Operation(hidden = true)
        public Uni<Object> staleEvent(@PathParam("id") UUID id) {
            return Panache.withTransaction(() -> Panache.getSession().chain(session -> session.find(Event.class, id)
                    .call(event -> session.createNativeQuery("UPDATE event SET version = version + 1 WHERE id = ?1")
                            .setParameter(1, id).executeUpdate())
                    .invoke(event -> event.name = "Changed meanwhile")
                    .call(session::flush)
                    .map(event -> (Object) event.name)));
        }

        private static Uni<Object> query(String sql, Object parameter) {
            return Panache.withSession(() -> Panache.getSession().chain(session -> session
                    .createNativeQuery(sql).setParameter(1, parameter).getSingleResult()));
        }
    }

    @Test
    void aNulCharacterThatReachesPostgresIs400() {
        given().post("/test/failures/nul-in-text").then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo(Problem.TYPE_BASE + KnownFailures.INVALID_VALUE));
    }

    @Test
    void anInstantBeyondPostgresRangeIs400() {
        given().post("/test/failures/instant-beyond-postgres").then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo(Problem.TYPE_BASE + KnownFailures.INVALID_VALUE));
    }

    @Test
    void aNumberOutOfRangeIs400() {
        given().post("/test/failures/number-out-of-range").then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo(Problem.TYPE_BASE + KnownFailures.INVALID_VALUE));
    }

    @Test
    void aLostOptimisticLockIs409Conflict() {
        Fixtures.Account organizer = Fixtures.organizer();
        String eventId = organizer.as().body(Fixtures.eventBody(Fixtures.venue(organizer, 1, 2, 0), true, false, 2))
                .post("/api/events").then().statusCode(201).extract().path("id");
        given().post("/test/failures/stale-event/" + eventId).then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo(Problem.TYPE_BASE + KnownFailures.CONFLICT));
        organizer.as().get("/api/events/" + eventId).then().statusCode(200).body("name", org.hamcrest.Matchers.startsWith("Concert"));
    }
}
