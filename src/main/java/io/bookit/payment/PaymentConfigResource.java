package io.bookit.payment;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * What a browser needs to take a payment: the provider of new orders and, for Stripe, the publishable key that
 * Stripe.js is started with. Both are public by design (the publishable key is meant for browsers).
 */
@Path("/api/payments/config")
@Tag(name = "Payments")
public class PaymentConfigResource {

    record PaymentClientConfig(String provider, String publishableKey) {
    }

    private final PaymentClientConfig config;

    PaymentConfigResource(PaymentsConfig payments, StripeConfig stripe) {
        this.config = new PaymentClientConfig(payments.provider(), stripe.publishableKey().orElse(null));
    }

    @GET
    @PermitAll
    @Operation(summary = "The payment provider of new orders and, for Stripe, the publishable key for Stripe.js")
    public PaymentClientConfig get() {
        return config;
    }
}
