package io.bookit.ticket;

import io.bookit.auth.Caller;
import io.bookit.common.PageQuery;
import io.bookit.common.PageResult;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api")
@Tag(name = "Tickets")
@Authenticated
@SecurityRequirement(name = "jwt")
public class TicketResource {

    static final String QR_CACHE_CONTROL = "private, max-age=3600";
    /** A PDF shows the ticket's status (a refund voids it): never reused without asking again. */
    static final String PDF_CACHE_CONTROL = "private, no-cache";

    private final TicketService tickets;
    private final JsonWebToken token;

    TicketResource(TicketService tickets, JsonWebToken token) {
        this.tickets = tickets;
        this.token = token;
    }

    @GET
    @Path("/tickets/{id}")
    @Operation(summary = "A ticket of the caller's, with its signed code")
    public Uni<TicketDtos.TicketView> get(@PathParam("id") UUID id) {
        return tickets.get(Caller.of(token), id);
    }

    @GET
    @Path("/me/tickets")
    @Operation(summary = "The caller's tickets, newest first")
    public Uni<PageResult<TicketDtos.TicketSummary>> mine(@Valid @BeanParam PageQuery page) {
        return tickets.listMine(Caller.of(token), page);
    }

    @GET
    @Path("/tickets/{id}/qr.png")
    @Produces("image/png")
    @Operation(summary = "The ticket's code as a QR PNG (ETag, Cache-Control: private)")
    public Uni<Response> qr(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        return tickets.qr(Caller.of(token), id, ifNoneMatch).map(qr -> (qr.png() == null
                ? Response.notModified() : Response.ok(qr.png(), QrCodes.CONTENT_TYPE))
                .header(HttpHeaders.ETAG, qr.etag())
                .header(HttpHeaders.CACHE_CONTROL, QR_CACHE_CONTROL)
                .build());
    }

    @GET
    @Path("/tickets/{id}/pdf")
    @Produces(TicketPdfs.CONTENT_TYPE)
    @Operation(summary = "The ticket as a one-page PDF with its QR code (its holder)")
    public Uni<Response> pdf(@PathParam("id") UUID id) {
        return tickets.pdf(Caller.of(token), id).map(pdf -> pdfResponse(pdf, "ticket-" + id + ".pdf"));
    }

    /** A PDF to show in the browser, saved under {@code filename}. */
    public static Response pdfResponse(byte[] pdf, String filename) {
        return Response.ok(pdf, TicketPdfs.CONTENT_TYPE)
                .header("Content-Disposition", "inline; filename=\"" + filename + "\"")
                .header(HttpHeaders.CACHE_CONTROL, PDF_CACHE_CONTROL)
                .build();
    }
}
