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
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * Stripe's webhook: the signature is verified over the raw body before anything else; then the event is claimed
 * (an insert of its id: only the delivery whose insert wins acts), handled, and marked done. A replay of a done event
 * answers 200 without effect; a duplicate arriving while the first is still at work gets 409 so that Stripe comes
 * back later; a failed handling gives its claim back so that Stripe's retry runs it again; a claim left behind by a
 * crash goes stale after {@link #STALE_CLAIM}. Events may come in any order (see {@link PaymentEvents}). When the
 * payload cannot be read with this library's API version, the PaymentIntent is fetched from Stripe instead.
 */
@ApplicationScoped
class StripeWebhooks {

    /** A claim older than this was left by a crash: the next delivery takes it over. */
    static final Duration STALE_CLAIM = Duration.ofMinutes(2);

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
                .chain(event -> claim(event).chain(claimed -> switch (claimed) {
                    case WON -> dispatch(event)
                            .onFailure().call(() -> release(event.getId()))
                            .call(() -> done(event.getId()));
                    case DONE -> Uni.createFrom().voidItem();
                    case IN_PROGRESS -> Uni.createFrom().failure(new ProblemException(409, "webhook-in-progress",
                            "Webhook event in progress", "Another delivery of this event is being handled")
                            .header("Retry-After", "5"));
                }));
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
                            ? payments.succeeded(payment(intent))
                            : Uni.createFrom().voidItem());
            case "payment_intent.payment_failed" -> paymentIntent(event)
                    .chain(intent -> payments.failed(payment(intent),
                            intent.getLastPaymentError() == null ? "declined" : intent.getLastPaymentError().getMessage()));
            case "charge.refunded" -> object(event, Charge.class)
                    .chain(charge -> charge == null || charge.getPaymentIntent() == null ? Uni.createFrom().voidItem()
                            : payments.refunded(payment(charge), orZero(charge.getAmountRefunded())));
            default -> {
                Log.debugf("Ignoring Stripe event %s of type %s", event.getId(), event.getType());
                yield Uni.createFrom().voidItem();
            }
        };
    }

    private static PaymentEvents.Payment payment(PaymentIntent intent) {
        return new PaymentEvents.Payment(StripePaymentGateway.NAME, intent.getId(),
                intent.getMetadata() == null ? null : intent.getMetadata().get("orderId"), orZero(intent.getAmount()),
                intent.getCurrency());
    }

    private static PaymentEvents.Payment payment(Charge charge) {
        return new PaymentEvents.Payment(StripePaymentGateway.NAME, charge.getPaymentIntent(), null,
                orZero(charge.getAmount()), charge.getCurrency());
    }

    private static long orZero(Long amount) {
        return amount == null ? 0 : amount;
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

    enum Claim { WON, DONE, IN_PROGRESS }

    /** Inserts the event's id, or takes over a stale claim; whoever's statement wins handles the event. */
    @WithTransaction
    Uni<Claim> claim(Event event) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                INSERT INTO payment_webhook_event AS e (id, type, received_at, status, claimed_at)
                VALUES (?1, ?2, now(), 'PROCESSING', now())
                ON CONFLICT (id) DO UPDATE SET claimed_at = now()
                    WHERE e.status = 'PROCESSING' AND e.claimed_at < now() - make_interval(secs => ?3)""")
                .setParameter(1, event.getId()).setParameter(2, event.getType())
                .setParameter(3, (double) STALE_CLAIM.toSeconds())
                .executeUpdate()
                .chain(won -> won == 1 ? Uni.createFrom().item(Claim.WON) : session.createNativeQuery(
                        "SELECT status FROM payment_webhook_event WHERE id = ?1", String.class)
                        .setParameter(1, event.getId()).getSingleResult()
                        .map(status -> "DONE".equals(status) ? Claim.DONE : Claim.IN_PROGRESS)));
    }

    @WithTransaction
    Uni<Void> done(String eventId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "UPDATE payment_webhook_event SET status = 'DONE' WHERE id = ?1")
                .setParameter(1, eventId).executeUpdate()).replaceWithVoid();
    }

    /** A handling that failed gives its claim back, so that the provider's retry runs it again. */
    @WithTransaction
    Uni<Void> release(String eventId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "DELETE FROM payment_webhook_event WHERE id = ?1 AND status = 'PROCESSING'")
                .setParameter(1, eventId).executeUpdate()).replaceWithVoid();
    }

    private static ProblemException invalidSignature() {
        return new ProblemException(400, "invalid-signature", "Invalid signature",
                "The Stripe-Signature header does not match the payload, or it is too old");
    }
}
