package io.bookit.seating;

import io.bookit.auth.Callers;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/events/{id}/seats")
@Tag(name = "Seat map")
public class SeatMapResource {

    private final SeatMapService seatMaps;
    private final Callers callers;

    SeatMapResource(SeatMapService seatMaps, Callers callers) {
        this.seatMaps = seatMaps;
        this.callers = callers;
    }

    @GET
    @PermitAll
    @Operation(summary = "Every seat with its status, every general-admission area with what is left, and the version")
    public Uni<SeatMapDtos.SeatMap> seatMap(@PathParam("id") UUID eventId) {
        return callers.optional().chain(caller -> seatMaps.seatMap(caller, eventId));
    }
}
