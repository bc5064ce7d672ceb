package io.bookit.venue;

import io.bookit.auth.Caller;
import io.bookit.auth.Role;
import io.bookit.common.PageQuery;
import io.bookit.common.PageResult;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
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

@Path("/api/venues")
@Tag(name = "Venues")
public class VenueResource {

    private final VenueService venues;
    private final JsonWebToken token;

    VenueResource(VenueService venues, JsonWebToken token) {
        this.venues = venues;
        this.token = token;
    }

    @POST
    @RolesAllowed({ Role.ORGANIZER, Role.ADMIN })
    @ResponseStatus(201)
    @SecurityRequirement(name = "jwt")
    @Operation(summary = "Create a venue with seated sections and general-admission areas")
    public Uni<VenueDtos.VenueView> create(@Valid @NotNull VenueDtos.CreateVenue request) {
        return venues.create(Caller.of(token), request).map(VenueDtos.VenueView::of);
    }

    @GET
    @RolesAllowed({ Role.ORGANIZER, Role.ADMIN })
    @SecurityRequirement(name = "jwt")
    @Operation(summary = "The caller's venues, paged")
    public Uni<PageResult<VenueDtos.VenueView>> listOwn(@Valid @BeanParam PageQuery page) {
        return venues.listOwned(Caller.of(token), page).map(p -> p.map(VenueDtos.VenueView::of));
    }

    @GET
    @Path("/{id}")
    @PermitAll
    @Operation(summary = "A venue and its layout (public: event pages show it)")
    public Uni<VenueDtos.VenueView> get(@PathParam("id") UUID id) {
        return venues.get(id).map(VenueDtos.VenueView::of);
    }
}
