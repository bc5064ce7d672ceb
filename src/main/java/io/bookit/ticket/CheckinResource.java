package io.bookit.ticket;

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

/** The door: check-in, the offline bundle for scanners, who may scan (event staff), and the keys that sign codes. */
@Path("/api")
@Tag(name = "Check-in")
@Authenticated
@SecurityRequirement(name = "jwt")
public class CheckinResource {

    private final CheckinService checkins;
    private final StaffService staff;
    private final TicketKeyService keys;
    private final JsonWebToken token;

    CheckinResource(CheckinService checkins, StaffService staff, TicketKeyService keys, JsonWebToken token) {
        this.checkins = checkins;
        this.staff = staff;
        this.keys = keys;
        this.token = token;
    }

    @POST
    @Path("/events/{id}/checkins")
    @Operation(summary = "Check a ticket in (event owner or staff); a retry with the same nonce gets the first answer")
    public Uni<TicketDtos.CheckinView> checkIn(@PathParam("id") UUID eventId, @Valid @NotNull TicketDtos.CheckIn request) {
        return checkins.checkIn(Caller.of(token), eventId, request.code(), request.nonce());
    }

    @GET
    @Path("/events/{id}/checkin-bundle")
    @Operation(summary = "Public keys and voided tickets for scanners that validate offline (owner, staff)")
    public Uni<TicketDtos.CheckinBundle> bundle(@PathParam("id") UUID eventId) {
        return checkins.bundle(Caller.of(token), eventId);
    }

    @POST
    @Path("/events/{id}/staff")
    @ResponseStatus(201)
    @Operation(summary = "Grant STAFF for this event to a registered user (owner)")
    public Uni<TicketDtos.StaffView> grantStaff(@PathParam("id") UUID eventId, @Valid @NotNull TicketDtos.GrantStaff request) {
        return staff.grant(Caller.of(token), eventId, request.email());
    }

    @GET
    @Path("/events/{id}/staff")
    @Operation(summary = "The event's staff, in the order they were granted (owner)")
    public Uni<TicketDtos.StaffList> staff(@PathParam("id") UUID eventId) {
        return staff.list(Caller.of(token), eventId).map(TicketDtos.StaffList::new);
    }

    @DELETE
    @Path("/events/{id}/staff/{userId}")
    @ResponseStatus(204)
    @Operation(summary = "Revoke a user's STAFF for this event (owner)")
    public Uni<Void> revokeStaff(@PathParam("id") UUID eventId, @PathParam("userId") UUID userId) {
        return staff.revoke(Caller.of(token), eventId, userId);
    }

    @GET
    @Path("/events/{id}/ticket-keys")
    @Operation(summary = "The keys that sign the event's ticket codes, oldest first (owner)")
    public Uni<TicketDtos.KeyList> ticketKeys(@PathParam("id") UUID eventId) {
        return keys.list(Caller.of(token), eventId);
    }

    @POST
    @Path("/events/{id}/ticket-keys")
    @ResponseStatus(201)
    @Operation(summary = "Rotate the signing key: a new key signs new codes, codes already issued keep verifying (owner)")
    public Uni<TicketDtos.KeyView> rotateTicketKey(@PathParam("id") UUID eventId) {
        return keys.rotate(Caller.of(token), eventId);
    }
}
