package io.bookit.seating;

import io.bookit.auth.Caller;
import io.bookit.common.ClientAddress;
import io.bookit.ratelimit.RateLimiter;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;

@Path("/api")
@Tag(name = "Holds")
@Authenticated
@SecurityRequirement(name = "jwt")
public class HoldResource {

    private final HoldService holds;
    private final RateLimiter limits;
    private final AdmissionCheck admissions;
    private final JsonWebToken token;

    HoldResource(HoldService holds, RateLimiter limits, AdmissionCheck admissions, JsonWebToken token) {
        this.holds = holds;
        this.limits = limits;
        this.admissions = admissions;
        this.token = token;
    }

    @POST
    @Path("/events/{id}/holds")
    @ResponseStatus(201)
    @Operation(summary = "Hold seats (by id), general-admission places or best available: all or nothing",
            description = "Behind an enabled waiting room the X-Admission-Token header (from GET /api/queue/{id}) "
                    + "is required; without a valid one: 403 admission-required. A hold that would take the caller "
                    + "past the event's maxSeatsPerUser (all their holds and orders together): 409 seat-limit-reached.")
    public Uni<HoldDtos.HoldView> place(@PathParam("id") UUID eventId, @Valid @NotNull HoldDtos.HoldRequest request,
            @HeaderParam("X-Admission-Token") String admissionToken, @Context HttpServerRequest http) {
        Caller caller = Caller.of(token);
        String admission = admissions.check(admissionToken, eventId, caller.id());
        return limits.check(RateLimiter.Call.HOLDS, caller.id().toString(), ClientAddress.of(http))
                .chain(() -> holds.place(caller, eventId, request, admission));
    }

    @GET
    @Path("/holds/{id}")
    @Operation(summary = "One of the caller's holds")
    public Uni<HoldDtos.HoldView> get(@PathParam("id") String id) {
        return holds.get(Caller.of(token), id);
    }

    @DELETE
    @Path("/holds/{id}")
    @ResponseStatus(204)
    @Operation(summary = "Release one of the caller's holds; its seats are available at once")
    public Uni<Void> release(@PathParam("id") String id) {
        return holds.release(Caller.of(token), id);
    }
}
