package io.bookit.mail;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.rabbitmq.IncomingRabbitMQMetadata;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mail.SMTPException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Order events from the outbox (through RabbitMQ, queue {@code bookit.order-mails}) become mails to the buyer, one
 * at a time; transfer events on the same queue ({@code transfer.offered}, {@code ticket.transferred}) become mails to
 * the parties of the transfer ({@link TransferMailService}), waiting-list offers ({@code waitlist.offered}) mails to
 * the user whose places are held ({@link WaitlistMailService}). Delivery is at least once; the message id (the outbox row's id, set by the relay) makes a redelivered
 * message send nothing. A mail that cannot go for a passing reason waits {@code bookit.mail.retry-delay} and goes
 * back to the queue; an event that can never be mailed (unreadable, an unknown order, an address the SMTP server
 * refuses for good) is logged and dropped so that it does not hold up the mails behind it.
 */
@ApplicationScoped
class OrderMailConsumer {

    private final OrderMailService mails;
    private final TransferMailService transferMails;
    private final WaitlistMailService waitlistMails;
    private final MailConfig config;
    private final MeterRegistry metrics;

    OrderMailConsumer(OrderMailService mails, TransferMailService transferMails, WaitlistMailService waitlistMails,
            MailConfig config, MeterRegistry metrics) {
        this.mails = mails;
        this.transferMails = transferMails;
        this.waitlistMails = waitlistMails;
        this.config = config;
        this.metrics = metrics;
    }

    @Incoming("order-mails")
    Uni<Void> mail(JsonObject event, IncomingRabbitMQMetadata metadata) {
        if (!config.enabled()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().deferred(() -> WaitlistMailService.handles(event.getString("type"))
                        ? waitlistMails.deliver(messageId(metadata), event)
                        : TransferMailService.handles(event.getString("type"))
                        ? transferMails.deliver(messageId(metadata), event)
                        : mails.deliver(messageId(metadata), OrderMessage.of(event)))
                .invoke(outcome -> count(outcome.name()))
                .replaceWithVoid()
                .onFailure(OrderMailConsumer::permanent).recoverWithUni(failure -> {
                    Log.errorf(failure, "Dropping order event %s: it cannot be mailed", event);
                    count("dropped");
                    return Uni.createFrom().voidItem();
                })
                .onFailure().call(failure -> {
                    Log.warnf(failure, "Mail for %s %s not sent; trying again in %s", event.getString("type"),
                            event.getString("orderId"), config.retryDelay());
                    count("retried");
                    return Uni.createFrom().voidItem().onItem().delayIt().by(config.retryDelay());
                });
    }

    private static UUID messageId(IncomingRabbitMQMetadata metadata) {
        return UUID.fromString(metadata.getMessageId()
                .orElseThrow(() -> new IllegalArgumentException("A message without an id is not from the outbox")));
    }

    private static boolean permanent(Throwable failure) {
        return failure instanceof IllegalArgumentException
                || failure instanceof SMTPException smtp && smtp.isPermanent();
    }

    private void count(String result) {
        metrics.counter("bookit.mails", "result", result.toLowerCase(java.util.Locale.ROOT)).increment();
    }
}
