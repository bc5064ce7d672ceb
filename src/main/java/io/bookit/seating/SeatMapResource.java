package io.bookit.seating;

import io.bookit.auth.CallerService;
import io.bookit.common.ProblemException;
import io.quarkus.vertx.http.Compressed;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/events/{id}/seats")
@Tag(name = "Seat map")
public class SeatMapResource {

    /** JSON seat maps smaller than this (about 100 seats) go out uncompressed (gzip would cost more than it saves). */
    static final int COMPRESS_FROM_BYTES = 10_000;

    private final SeatMapService seatMaps;
    private final CallerService callers;

    SeatMapResource(SeatMapService seatMaps, CallerService callers) {
        this.seatMaps = seatMaps;
        this.callers = callers;
    }

    /**
     * {@code @Compressed}: the JSON seat map is gzipped for clients that take it (API answers are not compressed
     * otherwise, see application.properties), and so is the compact one. Both are encoded once per version and carry
     * an ETag per version: {@code If-None-Match} with it is answered 304 while nothing changed.
     */
    @GET
    @PermitAll
    @Compressed
    @Operation(summary = "Every seat with its status, every general-admission area with what is left, and the version; "
            + "view=compact: the statuses as 2 bits a seat in layout order (GET /api/events/{id}/layout)")
    @APIResponse(responseCode = "200", description = "The seat map; with view=compact, the compact one",
            content = @Content(mediaType = "application/json", schema = @Schema(oneOf = {SeatMapDtos.SeatMap.class,
                    SeatMapDtos.CompactSeatMap.class})))
    @APIResponse(responseCode = "304", description = "If-None-Match names the current version's ETag")
    public Uni<Response> seatMap(@PathParam("id") UUID eventId, @QueryParam("view") String view,
            @Context HttpHeaders headers) {
        if (view != null && !view.equals("compact")) {
            throw unknownView(view);
        }
        boolean compact = view != null;
        return callers.optional().chain(caller -> seatMaps.document(caller, eventId, compact)).map(map -> {
            String cacheControl = map.draft() ? SeatMapDocument.PRIVATE : SeatMapDocument.NO_CACHE;
            boolean small = !compact && map.document().json().length < COMPRESS_FROM_BYTES;
            return map.document().response(headers, cacheControl, !small);
        });
    }

    static ProblemException unknownView(String view) {
        String shown = view.length() <= 40 ? view : view.substring(0, 40) + "...";
        return new ProblemException(400, "unknown-view", "Unknown view",
                "view must be absent (JSON seat map) or 'compact', not '" + shown + "'").with("view", shown);
    }
}
