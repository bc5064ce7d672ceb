package io.bookit.seating;

import io.bookit.auth.CallerService;
import io.smallrye.mutiny.Uni;
import io.quarkus.vertx.http.Compressed;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The event's layout: what never changes once it is published, cached by clients for good. A draft's (its owner's
 * only) may still change, so it is revalidated every time.
 */
@Path("/api/events/{id}/layout")
@Tag(name = "Seat map")
public class LayoutResource {

    private final SeatMapService seatMaps;
    private final CallerService callers;

    LayoutResource(SeatMapService seatMaps, CallerService callers) {
        this.seatMaps = seatMaps;
        this.callers = callers;
    }

    /** {@code @Compressed}: gzipped for clients that take it (about 15 times smaller for a stadium). */
    @GET
    @PermitAll
    @Compressed
    @Operation(summary = "Seats in layout order (the order of the compact seat map's statuses) and general-admission areas")
    @APIResponse(responseCode = "200", description = "The layout; immutable once the event is published",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = SeatMapDtos.Layout.class)))
    @APIResponse(responseCode = "304", description = "If-None-Match names the layout's ETag")
    public Uni<Response> layout(@PathParam("id") UUID eventId, @Context HttpHeaders headers) {
        return callers.optional().chain(caller -> seatMaps.layout(caller, eventId)
                .map(layout -> layout.document().response(headers,
                        layout.draft() ? SeatMapDocument.PRIVATE : SeatMapDocument.IMMUTABLE)));
    }
}
