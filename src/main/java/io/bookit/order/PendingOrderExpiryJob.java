package io.bookit.order;

import io.bookit.common.NotStarted;
import io.bookit.payment.PaymentService;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Orders whose payment did not arrive by their deadline expire, and their payment is cancelled at the provider. */
@ApplicationScoped
class PendingOrderExpiryJob {

    static final int BATCH = 100;

    private final OrderService orders;
    private final PaymentService payments;

    PendingOrderExpiryJob(OrderService orders, PaymentService payments) {
        this.orders = orders;
        this.payments = payments;
    }

    @Scheduled(every = "${bookit.payments.expiry-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = NotStarted.class)
    Uni<Void> expire() {
        return orders.expireOverdue(BATCH)
                .onItem().transformToMulti(expired -> Multi.createFrom().iterable(expired))
                .onItem().transformToUniAndConcatenate(order -> payments.of(order.paymentProvider).cancel(order.paymentRef)
                        .onFailure().invoke(e -> Log.warnf(e, "Could not cancel the payment of expired order %s", order.id))
                        .onFailure().recoverWithNull())
                .collect().asList()
                .replaceWithVoid();
    }
}
