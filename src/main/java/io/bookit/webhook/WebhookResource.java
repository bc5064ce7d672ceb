package io.bookit.webhook;

import io.bookit.auth.Caller;
import io.bookit.auth.Role;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;

/** An organizer's webhook endpoints and their delivery logs (docs/WEBHOOKS.md). Another organizer's: 404. */
@Path("/api/organizer/webhooks")
@Tag(name = "Organizer webhooks")
@RolesAllowed({ Role.ORGANIZER, Role.ADMIN })
@SecurityRequirement(name = "jwt")
public class WebhookResource {

    private final WebhookService webhooks;
    private final JsonWebToken token;

    WebhookResource(WebhookService webhooks, JsonWebToken token) {
        this.webhooks = webhooks;
        this.token = token;
    }

    @POST
    @ResponseStatus(201)
    @Operation(summary = "Subscribe a URL to event types; the answer shows the signing secret, this once")
    public Uni<WebhookDtos.EndpointView> create(@Valid @NotNull WebhookDtos.CreateEndpoint request) {
        return webhooks.create(Caller.of(token), request);
    }

    @GET
    @Operation(summary = "The caller's webhook endpoints (secrets not shown)")
    public Uni<WebhookDtos.EndpointList> list() {
        return webhooks.list(Caller.of(token)).map(WebhookDtos.EndpointList::new);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One webhook endpoint (secret not shown)")
    public Uni<WebhookDtos.EndpointView> get(@PathParam("id") UUID id) {
        return webhooks.get(Caller.of(token), id);
    }

    @PATCH
    @Path("/{id}")
    @Operation(summary = "Change the URL, event types, description; enabled: true turns a disabled endpoint on again")
    public Uni<WebhookDtos.EndpointView> update(@PathParam("id") UUID id,
            @Valid @NotNull WebhookDtos.PatchEndpoint patch) {
        return webhooks.update(Caller.of(token), id, patch);
    }

    @DELETE
    @Path("/{id}")
    @ResponseStatus(204)
    @Operation(summary = "Delete the endpoint and its delivery log")
    public Uni<Void> delete(@PathParam("id") UUID id) {
        return webhooks.delete(Caller.of(token), id);
    }

    @POST
    @Path("/{id}/rotate-secret")
    @Operation(summary = "A new signing secret (shown this once); the previous one keeps signing for 24 hours")
    public Uni<WebhookDtos.EndpointView> rotateSecret(@PathParam("id") UUID id) {
        return webhooks.rotateSecret(Caller.of(token), id);
    }

    @GET
    @Path("/{id}/deliveries")
    @Operation(summary = "The endpoint's deliveries, newest first, optionally of one status")
    public Uni<WebhookDtos.DeliveryList> deliveries(@PathParam("id") UUID id,
            @QueryParam("status") @Pattern(regexp = "PENDING|SUCCEEDED|FAILED",
                    message = "must be PENDING, SUCCEEDED or FAILED") String status,
            @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(100) int limit) {
        return webhooks.deliveries(Caller.of(token), id, status == null ? null : DeliveryStatus.valueOf(status),
                limit).map(WebhookDtos.DeliveryList::new);
    }

    @POST
    @Path("/{id}/deliveries/{deliveryId}/redeliver")
    @ResponseStatus(202)
    @Operation(summary = "Send a delivery again (within seconds), with a fresh retry window")
    public Uni<WebhookDtos.DeliveryView> redeliver(@PathParam("id") UUID id, @PathParam("deliveryId") UUID deliveryId) {
        return webhooks.redeliver(Caller.of(token), id, deliveryId);
    }
}
