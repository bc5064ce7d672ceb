package io.bookit.ticket;

import io.bookit.auth.Caller;
import io.bookit.common.ClientAddress;
import io.bookit.ratelimit.RateLimiter;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;

/** Passing a ticket on: the holder offers it to an e-mail address, the recipient accepts, the sender may withdraw. */
@Path("/api")
@Tag(name = "Transfers")
@Authenticated
@SecurityRequirement(name = "jwt")
public class TransferResource {

    private final TransferService transfers;
    private final RateLimiter limits;
    private final JsonWebToken token;

    TransferResource(TransferService transfers, RateLimiter limits, JsonWebToken token) {
        this.transfers = transfers;
        this.limits = limits;
        this.token = token;
    }

    @POST
    @Path("/tickets/{id}/transfers")
    @ResponseStatus(201)
    @Operation(summary = "Offer a ticket of the caller's to an e-mail address (409 transfer-pending, transfer-limit-reached)")
    public Uni<TicketDtos.TransferView> offer(@PathParam("id") UUID ticketId,
            @Valid @NotNull TicketDtos.OfferTransfer request, @Context HttpServerRequest http) {
        Caller caller = Caller.of(token);
        return limits.check(RateLimiter.Call.TRANSFERS, caller.id().toString(), ClientAddress.of(http))
                .chain(() -> transfers.offer(caller, ticketId, request.email()));
    }

    @POST
    @Path("/transfers/{id}/accept")
    @Operation(summary = "Accept a transfer sent to the caller's e-mail address: the ticket and a new code are the caller's")
    public Uni<TicketDtos.TransferView> accept(@PathParam("id") UUID transferId) {
        return transfers.accept(Caller.of(token), transferId);
    }

    @DELETE
    @Path("/transfers/{id}")
    @ResponseStatus(204)
    @Operation(summary = "Withdraw a pending transfer (its sender)")
    public Uni<Void> cancel(@PathParam("id") UUID transferId) {
        return transfers.cancel(Caller.of(token), transferId);
    }

    @GET
    @Path("/me/transfers")
    @Operation(summary = "Transfers to the caller's address (incoming) and the caller's own (outgoing), newest first")
    public Uni<TicketDtos.MyTransfers> mine() {
        return transfers.mine(Caller.of(token));
    }
}
