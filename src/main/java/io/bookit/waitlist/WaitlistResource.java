package io.bookit.waitlist;

import io.bookit.auth.Caller;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;
import org.jboss.resteasy.reactive.RestResponse;

/** The waiting list of a sold-out event (docs/WAITING_LIST.md). */
@Path("/api")
@Tag(name = "Waiting list")
@Authenticated
@SecurityRequirement(name = "jwt")
public class WaitlistResource {

    private final WaitlistService waitlist;
    private final JsonWebToken token;

    WaitlistResource(WaitlistService waitlist, JsonWebToken token) {
        this.waitlist = waitlist;
        this.token = token;
    }

    @POST
    @Path("/events/{id}/waitlist")
    @Operation(summary = "Join the event's waiting list: 201, or 200 with the caller's entry that is there already",
            description = "409 seats-available while the places asked for are on sale (hold them instead); "
                    + "409 event-not-on-sale; quantity above the event's maxSeatsPerOrder: 400 validation.")
    public Uni<RestResponse<WaitlistDtos.EntryView>> join(@PathParam("id") UUID eventId,
            @Valid @NotNull WaitlistDtos.JoinWaitlist request) {
        return waitlist.join(Caller.of(token), eventId, request).map(joined -> joined.created()
                ? RestResponse.status(RestResponse.Status.CREATED, joined.entry())
                : RestResponse.ok(joined.entry()));
    }

    @GET
    @Path("/me/waitlist")
    @Operation(summary = "The caller's waiting-list entries, newest first (an OFFERED one carries holdId and offerExpiresAt)")
    public Uni<WaitlistDtos.MyWaitlist> mine() {
        return waitlist.mine(Caller.of(token));
    }

    @DELETE
    @Path("/waitlist/{id}")
    @ResponseStatus(204)
    @Operation(summary = "Leave the waiting list (an offer's hold is released and passes to the next entry)")
    public Uni<Void> leave(@PathParam("id") UUID entryId) {
        return waitlist.leave(Caller.of(token), entryId);
    }
}
