package io.bookit.order;

import io.bookit.auth.Caller;
import io.bookit.common.PageQuery;
import io.bookit.common.PageResult;
import io.bookit.common.ClientAddress;
import io.bookit.common.ProblemException;
import io.bookit.ratelimit.RateLimiter;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

@Path("/api")
@Tag(name = "Orders")
@Authenticated
@SecurityRequirement(name = "jwt")
public class OrderResource {

    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");

    private final CheckoutService checkout;
    private final OrderQueries orders;
    private final RefundService refunds;
    private final RateLimiter limits;
    private final JsonWebToken token;

    OrderResource(CheckoutService checkout, OrderQueries orders, RefundService refunds, RateLimiter limits, JsonWebToken token) {
        this.checkout = checkout;
        this.orders = orders;
        this.refunds = refunds;
        this.limits = limits;
        this.token = token;
    }

    @POST
    @Path("/orders")
    @Operation(summary = "Order a live hold of the caller's; an Idempotency-Key makes retries safe")
    public Uni<RestResponse<OrderDtos.OrderView>> place(@Valid @NotNull OrderDtos.PlaceOrder request,
            @HeaderParam("Idempotency-Key") String idempotencyKey, @Context HttpServerRequest http) {
        if (idempotencyKey != null && !IDEMPOTENCY_KEY.matcher(idempotencyKey).matches()) {
            throw ProblemException.validation("Idempotency-Key", "1 to 255 visible ASCII characters");
        }
        Caller caller = Caller.of(token);
        return limits.check(RateLimiter.Call.ORDERS, caller.id().toString(), ClientAddress.of(http))
                .chain(() -> checkout.place(caller, request.holdId(), idempotencyKey))
                .map(placed -> RestResponse.ResponseBuilder.create(RestResponse.Status.CREATED, placed.order())
                        .header("Idempotent-Replayed", Boolean.toString(placed.replayed()))
                        .build());
    }

    @GET
    @Path("/orders/{id}")
    @Operation(summary = "An order with its tickets (its buyer or the event's owner)")
    public Uni<OrderDtos.OrderView> get(@PathParam("id") UUID id) {
        return orders.get(Caller.of(token), id);
    }

    @POST
    @Path("/orders/{id}/cancel")
    @Operation(summary = "Cancel a paid order and refund it (the buyer before the event, or the event's owner)")
    public Uni<OrderDtos.OrderView> cancel(@PathParam("id") UUID id) {
        return refunds.cancel(Caller.of(token), id);
    }

    @GET
    @Path("/me/orders")
    @Operation(summary = "The caller's orders, newest first")
    public Uni<PageResult<OrderDtos.OrderView>> mine(@Valid @BeanParam PageQuery page) {
        return orders.listMine(Caller.of(token), page);
    }
}
