package io.bookit.order;

import io.bookit.auth.Caller;
import io.bookit.common.ProblemException;
import io.bookit.ticket.TicketPdfs;
import io.bookit.ticket.TicketResource;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * An order's tickets as one PDF, for whoever may read the order: the event's owner gets all of them, its buyer those
 * the buyer still holds (a transferred ticket's code belongs to its new holder).
 */
@Path("/api")
@Tag(name = "Orders")
@Authenticated
@SecurityRequirement(name = "jwt")
public class OrderPdfResource {

    private final OrderQueries orders;
    private final TicketPdfs pdfs;
    private final JsonWebToken token;

    OrderPdfResource(OrderQueries orders, TicketPdfs pdfs, JsonWebToken token) {
        this.orders = orders;
        this.pdfs = pdfs;
        this.token = token;
    }

    @GET
    @Path("/orders/{id}/tickets.pdf")
    @Produces(TicketPdfs.CONTENT_TYPE)
    @Operation(summary = "All tickets of an order as a PDF, one page a ticket (its buyer or the event's owner)")
    public Uni<Response> tickets(@PathParam("id") UUID id) {
        Caller caller = Caller.of(token);
        return orders.get(caller, id)
                .chain(order -> pdfs.ofOrder(id, caller).map(pdf -> {
                    if (pdf == null) {
                        throw ProblemException.conflict("order-has-no-tickets", "The order is " + order.status()
                                + " and has no tickets");
                    }
                    return TicketResource.pdfResponse(pdf, "tickets-" + id + ".pdf");
                }));
    }
}
