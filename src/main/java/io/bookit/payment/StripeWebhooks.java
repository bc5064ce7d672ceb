package io.bookit.payment;

import com.stripe.exception.SignatureVerificationException;
import com.stripe.model.Charge;
import com.stripe.model.Event;
import com.stripe.model.PaymentIntent;
import com.stripe.model.StripeObject;
import com.stripe.net.Webhook;
import io.bookit.common.ProblemException;
import io.bookit.common.Workers;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * Stripe's webhook: the signature is verified over the raw body before anything else; then the event is handled
 * once (replays answer 200 without effect) and in any order. When the payload cannot be read with this library's
 * API version, the PaymentIntent is fetched from Stripe instead of trusting it.
 */
@ApplicationScoped
class StripeWebhooks {

    private final StripeConfig config;
    private final StripePaymentGateway stripe;
    private final PaymentEvents payments;

    StripeWebhooks(StripeConfig config, StripePaymentGateway stripe, PaymentEvents payments) {
        this.config = config;
        this.stripe = stripe;
        this.payments = payments;
    }

    Uni<Void> handle(String payload, String signature) {
        String secret = config.webhookSecret().filter(s -> !s.isBlank()).orElseThrow(() -> new ProblemException(503,
                "webhooks-not-configured", "Webhooks not configured", "bookit.stripe.webhook-secret is not set"));
        if (signature == null || payload == null) {
            throw invalidSignature();
        }
        return Workers.call(() -> verify(payload, signature, secret))
                .chain(event -> alreadyHandled(event.getId()).chain(handled -> handled
                        ? Uni.createFrom().voidItem()
                        : dispatch(event).call(() -> remember(event))));
    }

    private Event verify(String payload, String signature, String secret) {
        try {
            return Webhook.constructEvent(payload, signature, secret, config.webhookTolerance().toSeconds());
        } catch (SignatureVerificationException | RuntimeException e) {
            throw invalidSignature();
        }
    }

    private Uni<Void> dispatch(Event event) {
        return switch (event.getType()) {
            case "payment_intent.succeeded" -> paymentIntent(event)
                    .chain(intent -> "succeeded".equals(intent.getStatus())
                            ? payments.succeeded(StripePaymentGateway.NAME, intent.getId(), orderId(intent))
                            : Uni.createFrom().voidItem());
            case "payment_intent.payment_failed" -> paymentIntent(event)
                    .chain(intent -> payments.failed(StripePaymentGateway.NAME, intent.getId(), orderId(intent),
                            intent.getLastPaymentError() == null ? "declined" : intent.getLastPaymentError().getMessage()));
            case "charge.refunded" -> object(event, Charge.class)
                    .map(charge -> charge.getPaymentIntent())
                    .chain(reference -> reference == null ? Uni.createFrom().voidItem()
                            : payments.refunded(StripePaymentGateway.NAME, reference));
            default -> {
                Log.debugf("Ignoring Stripe event %s of type %s", event.getId(), event.getType());
                yield Uni.createFrom().voidItem();
            }
        };
    }

    /** The event's PaymentIntent: from the payload when this library can read it, else fetched from Stripe. */
    private Uni<PaymentIntent> paymentIntent(Event event) {
        return object(event, PaymentIntent.class).onItem().ifNull().switchTo(() -> {
            String id = new JsonObject(event.getDataObjectDeserializer().getRawJson()).getString("id");
            Log.infof("Stripe event %s has API version %s; fetching PaymentIntent %s", event.getId(),
                    event.getApiVersion(), id);
            return stripe.retrieve(id);
        });
    }

    private static <T extends StripeObject> Uni<T> object(Event event, Class<T> type) {
        StripeObject object = event.getDataObjectDeserializer().getObject().orElse(null);
        return Uni.createFrom().item(type.isInstance(object) ? type.cast(object) : null);
    }

    private static String orderId(PaymentIntent intent) {
        return intent.getMetadata() == null ? null : intent.getMetadata().get("orderId");
    }

    @WithSession
    Uni<Boolean> alreadyHandled(String eventId) {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("SELECT count(*) FROM payment_webhook_event WHERE id = ?1", Long.class)
                .setParameter(1, eventId).getSingleResult())
                .map(count -> count > 0);
    }

    @WithTransaction
    Uni<Void> remember(Event event) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "INSERT INTO payment_webhook_event (id, type, received_at) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING")
                .setParameter(1, event.getId()).setParameter(2, event.getType()).setParameter(3, Instant.now())
                .executeUpdate()).replaceWithVoid();
    }

    private static ProblemException invalidSignature() {
        return new ProblemException(400, "invalid-signature", "Invalid signature",
                "The Stripe-Signature header does not match the payload, or it is too old");
    }
}
