package io.bookit.waitingroom;

import io.bookit.auth.Caller;
import io.bookit.common.ClientAddress;
import io.bookit.ratelimit.RateLimiter;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
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
@Tag(name = "Waiting room")
@Authenticated
@SecurityRequirement(name = "jwt")
public class WaitingRoomResource {

    private final WaitingRoomService rooms;
    private final RateLimiter limits;
    private final JsonWebToken token;

    WaitingRoomResource(WaitingRoomService rooms, RateLimiter limits, JsonWebToken token) {
        this.rooms = rooms;
        this.limits = limits;
        this.token = token;
    }

    @POST
    @Path("/events/{id}/queue")
    @ResponseStatus(201)
    @Operation(summary = "Join the event's waiting room; joining again answers the same entry")
    public Uni<QueueEntry> join(@PathParam("id") UUID eventId, @Context HttpServerRequest http) {
        Caller caller = Caller.of(token);
        return limits.check(RateLimiter.Call.QUEUE_JOINS, caller.id().toString(), ClientAddress.of(http))
                .chain(() -> rooms.join(caller, eventId));
    }

    @GET
    @Path("/queue/{queueId}")
    @Operation(summary = "The caller's place in a waiting room; once ADMITTED, the admission token for holds")
    public Uni<QueueEntry> status(@PathParam("queueId") String queueId, @Context HttpServerRequest http) {
        Caller caller = Caller.of(token);
        return limits.check(RateLimiter.Call.QUEUE_POLLS, caller.id().toString(), ClientAddress.of(http))
                .chain(() -> rooms.status(caller, queueId));
    }

    @DELETE
    @Path("/queue/{queueId}")
    @ResponseStatus(204)
    @Operation(summary = "Leave the queue, or end an admitted shopping session so the next shopper gets the slot")
    public Uni<Void> leave(@PathParam("queueId") String queueId) {
        return rooms.leave(Caller.of(token), queueId);
    }
}
