package io.bookit.payment;

import com.stripe.StripeClient;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.model.PaymentIntent;
import com.stripe.net.RequestOptions;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.RefundCreateParams;
import io.bookit.common.Money;
import io.bookit.common.ProblemException;
import io.bookit.common.Workers;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.UUID;

/**
 * Stripe PaymentIntents. stripe-java blocks, so every call runs on a worker thread; idempotency keys derived from
 * the order make retries safe (one PaymentIntent per order, one refund per order).
 */
@ApplicationScoped
public class StripePaymentGateway implements PaymentGateway {

    public static final String NAME = "stripe";

    private final StripeConfig config;
    private volatile StripeClient client;

    StripePaymentGateway(StripeConfig config) {
        this.config = config;
    }

    @Override
    public String provider() {
        return NAME;
    }

    @Override
    public boolean settlesAtOnce() {
        return false;
    }

    @Override
    public Uni<Started> start(Charge charge) {
        PaymentIntentCreateParams params = PaymentIntentCreateParams.builder()
                .setAmount(Money.minorUnits(charge.amount(), charge.currency()))
                .setCurrency(charge.currency().toLowerCase(Locale.ROOT))
                .putMetadata("orderId", charge.orderId().toString())
                .putMetadata("eventId", charge.eventId().toString())
                .setAutomaticPaymentMethods(PaymentIntentCreateParams.AutomaticPaymentMethods.builder()
                        .setEnabled(true).build())
                .build();
        return call(() -> client().v1().paymentIntents().create(params, idempotent("order-" + charge.orderId())))
                .map(intent -> new Started(intent.getId(), intent.getClientSecret(), false));
    }

    @Override
    public Uni<Void> refund(UUID orderId, String reference, BigDecimal amount, String currency, String reason) {
        RefundCreateParams params = RefundCreateParams.builder().setPaymentIntent(reference)
                .putMetadata("orderId", orderId.toString()).putMetadata("reason", reason).build();
        return call(() -> client().v1().refunds().create(params, idempotent("refund-" + orderId)))
                .onFailure(StripePaymentGateway::alreadyRefunded).recoverWithNull() // e.g. from the dashboard
                .replaceWithVoid();
    }

    @Override
    public Uni<Void> cancel(String reference) {
        if (reference == null) {
            return Uni.createFrom().voidItem();
        }
        return call(() -> client().v1().paymentIntents().cancel(reference))
                .onFailure(e -> e instanceof PaymentProviderException p && p.cause instanceof InvalidRequestException)
                .recoverWithNull() // already cancelled, or succeeded meanwhile (then the webhook decides)
                .replaceWithVoid();
    }

    private static boolean alreadyRefunded(Throwable failure) {
        return failure instanceof PaymentProviderException p && "charge_already_refunded".equals(p.cause.getCode());
    }

    /** The PaymentIntent as Stripe has it now: the truth when a webhook payload cannot be read. */
    public Uni<PaymentIntent> retrieve(String reference) {
        return call(() -> client().v1().paymentIntents().retrieve(reference));
    }

    private interface StripeCall<T> {
        T run() throws StripeException;
    }

    private static <T> Uni<T> call(StripeCall<T> call) {
        return Workers.call(() -> {
            try {
                return call.run();
            } catch (StripeException e) {
                Log.warnf("Stripe call failed: %s (code %s, request %s)", e.getMessage(), e.getCode(), e.getRequestId());
                throw new PaymentProviderException(e);
            }
        });
    }

    private static RequestOptions idempotent(String key) {
        return RequestOptions.builder().setIdempotencyKey(key).build();
    }

    private StripeClient client() {
        StripeClient current = client;
        if (current == null) {
            String key = config.apiKey().filter(k -> !k.isBlank()).orElseThrow(() -> new IllegalStateException(
                    "bookit.payments.provider=stripe needs bookit.stripe.api-key (BOOKIT_STRIPE_API_KEY)"));
            current = StripeClient.builder().setApiKey(key).setApiBase(config.apiBase())
                    .setConnectTimeout((int) config.connectTimeout().toMillis())
                    .setReadTimeout((int) config.readTimeout().toMillis())
                    .setMaxNetworkRetries(config.maxNetworkRetries()).build();
            client = current;
        }
        return current;
    }

    /** 502: the provider failed or refused; nothing was charged by this call. */
    public static final class PaymentProviderException extends ProblemException {
        final StripeException cause;

        PaymentProviderException(StripeException cause) {
            super(502, "payment-provider-error", "Payment provider error",
                    "The payment provider could not process the request; nothing was charged. Try again later.");
            this.cause = cause;
        }
    }
}
