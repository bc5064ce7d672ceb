package io.bookit.payment;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code BOOKIT_STRIPE_API_KEY}, {@code BOOKIT_STRIPE_PUBLISHABLE_KEY}, {@code BOOKIT_STRIPE_WEBHOOK_SECRET},
 * {@code BOOKIT_STRIPE_API_BASE}.
 */
@ConfigMapping(prefix = "bookit.stripe")
public interface StripeConfig {

    /** Secret API key ({@code sk_test_...} / {@code sk_live_...}). Needed when the provider is stripe. */
    Optional<String> apiKey();

    /** Publishable key ({@code pk_test_...}) handed to browsers for Stripe.js (GET /api/payments/config). */
    Optional<String> publishableKey();

    /** Signing secret of the webhook endpoint ({@code whsec_...}). Needed to accept webhooks. */
    Optional<String> webhookSecret();

    /** Stripe's API; tests and local runs point it at a server that speaks the same HTTP API. */
    @WithDefault("https://api.stripe.com")
    String apiBase();

    /** How long a call waits for Stripe to accept the connection. */
    @WithDefault("5S")
    Duration connectTimeout();

    /**
     * How long a call waits for Stripe's answer; with the retries below this bounds how long a buyer waits for a
     * 502 when Stripe hangs (stripe-java's own default is 80 s per attempt).
     */
    @WithDefault("10S")
    Duration readTimeout();

    /** Retries of a call that failed on the network or with an answer Stripe says to retry (same idempotency key). */
    @WithDefault("2")
    int maxNetworkRetries();

    /** How old a signed webhook may be. */
    @WithDefault("300S")
    Duration webhookTolerance();
}
