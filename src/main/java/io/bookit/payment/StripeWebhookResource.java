package io.bookit.payment;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/payments/stripe/webhook")
@Tag(name = "Payments")
public class StripeWebhookResource {

    private final StripeWebhooks webhooks;

    StripeWebhookResource(StripeWebhooks webhooks) {
        this.webhooks = webhooks;
    }

    @POST
    @PermitAll
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Stripe's webhook (signature verified over the raw body)")
    public Uni<Map<String, Boolean>> receive(String payload, @HeaderParam("Stripe-Signature") String signature) {
        return webhooks.handle(payload, signature).replaceWith(Map.of("received", true));
    }
}
