package io.bookit.organizer;

import io.bookit.auth.Caller;
import io.bookit.auth.Role;
import io.bookit.common.PageResult;
import io.bookit.common.PlainText;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestMulti;

/** The event owner's views of an event (an administrator sees every event's). */
/* Class path "/api" as EventResource has: a longer class path would capture /api/events/{id}/... and 404 its routes. */
@Path("/api")
@Tag(name = "Organizer views")
@RolesAllowed({ Role.ORGANIZER, Role.ADMIN })
@SecurityRequirement(name = "jwt")
public class OrganizerResource {

    static final String TEXT_CSV = "text/csv";

    private final AttendeeService attendees;
    private final StatsService stats;
    private final JsonWebToken token;

    OrganizerResource(AttendeeService attendees, StatsService stats, JsonWebToken token) {
        this.attendees = attendees;
        this.stats = stats;
        this.token = token;
    }

    @GET
    @Path("/events/{id}/attendees")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "One row per ticket, by purchase time; q searches holder name, email, order id and seat")
    public Uni<PageResult<OrganizerDtos.AttendeeView>> attendees(@PathParam("id") UUID id,
            @Valid @BeanParam AttendeeQuery query) {
        return attendees.page(Caller.of(token), id, query);
    }

    @GET
    @Path("/events/{id}/attendees")
    @Produces(TEXT_CSV)
    @Operation(summary = "Every attendee row as a CSV download (RFC 4180, UTF-8), streamed")
    public RestMulti<String> attendeesCsv(@PathParam("id") UUID id, @QueryParam("q") @Size(max = 200) @PlainText String q) {
        return RestMulti.fromUniResponse(attendees.exportable(Caller.of(token), id),
                event -> attendees.csv(id, q),
                event -> Map.of("Content-Type", List.of(TEXT_CSV + "; charset=UTF-8"),
                        "Content-Disposition", List.of("attachment; filename=\"" + AttendeeCsv.filename(id) + "\"")));
    }

    @GET
    @Path("/events/{id}/stats")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Capacity, sales, live holds and availability, check-ins, refunds, sales by day and by tier")
    public Uni<OrganizerDtos.Stats> stats(@PathParam("id") UUID id) {
        return stats.stats(Caller.of(token), id);
    }

    @GET
    @Path("/events/{id}/stats/timeline")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Live tickets sold per time bucket (bucketMinutes 1 to 1440, default 15): the newest 500 "
            + "non-empty buckets, oldest first")
    public Uni<OrganizerDtos.Timeline> timeline(@PathParam("id") UUID id,
            @QueryParam("bucketMinutes") @DefaultValue("15") @Min(1) @Max(1440) int bucketMinutes) {
        return stats.timeline(Caller.of(token), id, bucketMinutes);
    }
}
