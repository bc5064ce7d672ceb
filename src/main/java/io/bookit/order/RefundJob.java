package io.bookit.order;

import io.bookit.common.NotStarted;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Refunds paid orders of cancelled events that the cancel call did not finish (a crash, a provider outage, an
 * order that committed while the event was being cancelled). Refunds are idempotent, so instances may overlap.
 */
@ApplicationScoped
class RefundJob {

    private final OrderService orders;

    RefundJob(OrderService orders) {
        this.orders = orders;
    }

    @Scheduled(every = "${bookit.refunds.retry-interval:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = NotStarted.class)
    Uni<Void> refundOwed() {
        return orders.refundsOwed()
                .onItem().transformToMulti(owed -> Multi.createFrom().iterable(owed))
                .onItem().transformToUniAndConcatenate(order -> orders.refund(order, OrderEvent.EVENT_CANCELLED_REASON)
                        .onFailure().invoke(failure -> OrderService.logRefundFailure(order, failure))
                        .onFailure().recoverWithNull())
                .collect().asList()
                .replaceWithVoid();
    }
}
