package io.bookit.event;

import io.bookit.auth.Caller;
import io.bookit.auth.Role;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api")
@Tag(name = "Events")
public class EventImageResource {

    private final EventImages images;
    private final JsonWebToken token;

    EventImageResource(EventImages images, JsonWebToken token) {
        this.images = images;
        this.token = token;
    }

    @PUT
    @Path("/events/{id}/image")
    @Consumes("*/*")
    @RolesAllowed({ Role.ORGANIZER, Role.ADMIN })
    @SecurityRequirement(name = "jwt")
    @Operation(summary = "Set the event's image (owner): JPEG, PNG or WebP, at most 5 MB, type read from the bytes")
    public Uni<EventImages.ImageView> put(@PathParam("id") UUID id, byte[] body) {
        return images.upload(Caller.of(token), id, body);
    }
}
