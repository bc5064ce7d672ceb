package io.bookit.event;

import io.bookit.auth.Caller;
import io.bookit.auth.CallerService;
import io.bookit.auth.Role;
import io.bookit.common.InputLimits;
import io.bookit.common.PageQuery;
import io.bookit.common.PageResult;
import io.bookit.common.PlainText;
import io.bookit.common.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;
import org.jboss.resteasy.reactive.RestResponse;

@Path("/api")
@Tag(name = "Events")
public class EventResource {

    private final EventService events;
    private final EventRefunds refunds;
    private final CallerService callers;
    private final JsonWebToken token;
    private final EventImages images;
    private final EventQueries reads;
    private final EventCacheConfig cache;

    EventResource(EventService events, EventRefunds refunds, CallerService callers, JsonWebToken token,
            EventImages images, EventQueries reads, EventCacheConfig cache) {
        this.reads = reads;
        this.cache = cache;
        this.events = events;
        this.refunds = refunds;
        this.callers = callers;
        this.token = token;
        this.images = images;
    }

    @POST
    @Path("/events")
    @RolesAllowed({ Role.ORGANIZER, Role.ADMIN })
    @ResponseStatus(201)
    @SecurityRequirement(name = "jwt")
    @Operation(summary = "Create a DRAFT event in one of the caller's venues")
    public Uni<EventDtos.EventView> create(@Valid @NotNull EventDtos.CreateEvent request) {
        return events.create(Caller.of(token), request).map(images::view);
    }

    @PATCH
    @Path("/events/{id}")
    @RolesAllowed({ Role.ORGANIZER, Role.ADMIN })
    @SecurityRequirement(name = "jwt")
    @Operation(summary = "Change an event (venue, currency and prices only while DRAFT)")
    public Uni<EventDtos.EventView> update(@PathParam("id") UUID id, @Valid @NotNull EventDtos.PatchEvent patch) {
        return events.update(Caller.of(token), id, patch).map(images::view);
    }

    @POST
    @Path("/events/{id}/publish")
    @RolesAllowed({ Role.ORGANIZER, Role.ADMIN })
    @SecurityRequirement(name = "jwt")
    @Operation(summary = "Put a DRAFT event on sale")
    public Uni<EventDtos.EventView> publish(@PathParam("id") UUID id) {
        return events.publish(Caller.of(token), id).map(images::view);
    }

    @POST
    @Path("/events/{id}/cancel")
    @RolesAllowed({ Role.ORGANIZER, Role.ADMIN })
    @SecurityRequirement(name = "jwt")
    @Operation(summary = "Cancel an event: holds stop at once and every paid order is refunded")
    public Uni<EventDtos.EventView> cancel(@PathParam("id") UUID id) {
        return events.cancel(Caller.of(token), id)
                .call(event -> refunds.refundCancelledEvent(event.id)
                        .onFailure().recoverWithItem(0)) // the refund job finishes what fails here
                .map(images::view);
    }

    /** The public listing pages through its first 10,000 results at most (page × size below it). */
    static final int MAX_LISTING_OFFSET = 10_000;

    @GET
    @Path("/events")
    @PermitAll
    @Operation(summary = "Published events, soonest first; q searches name and description")
    public Uni<RestResponse<PageResult<EventDtos.EventView>>> list(@QueryParam("q") @Size(max = 200) @PlainText String q,
            @QueryParam("from") String from, @QueryParam("to") String to, @Valid @BeanParam PageQuery page,
            @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        return reads.listing(q, instant("from", from), instant("to", to), page.startingBefore(MAX_LISTING_OFFSET))
                .map(read -> read.respond(ifNoneMatch, cache.maxAge()));
    }

    private static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            Instant instant = Instant.parse(value);
            if (InputLimits.inRange(instant)) {
                return instant;
            }
        } catch (DateTimeParseException e) {
            // answered below, as an instant out of range is
        }
        throw ProblemException.validation(name, InputLimits.INSTANT_RULE);
    }

    @GET
    @Path("/me/events")
    @RolesAllowed({ Role.ORGANIZER, Role.ADMIN })
    @SecurityRequirement(name = "jwt")
    @Operation(summary = "The caller's own events, drafts included")
    public Uni<PageResult<EventDtos.EventView>> listOwn(@Valid @BeanParam PageQuery page) {
        return events.listOwned(Caller.of(token), page).map(p -> p.map(images::view));
    }

    @GET
    @Path("/events/{id}")
    @PermitAll
    @Operation(summary = "An event; drafts only for their owner")
    public Uni<RestResponse<EventDtos.EventView>> get(@PathParam("id") UUID id,
            @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        return callers.optional().chain(caller -> reads.details(caller, id))
                .map(read -> read.respond(ifNoneMatch, cache.maxAge()));
    }
}
