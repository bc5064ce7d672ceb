package io.bookit.order;

import io.bookit.common.NotStarted;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * Finishes refunds: paid orders of cancelled events that the cancel call did not reach (a crash, an order that
 * committed while the event was being cancelled), and refunded orders whose money the provider has not confirmed
 * back (it failed or timed out, the instance died). Each order is refunded once whoever else runs it (row lock), and
 * the provider's refund is idempotent per order, so instances may overlap.
 */
@ApplicationScoped
class RefundJob {

    private final RefundService refunds;
    private final Duration attemptTimeout;

    RefundJob(RefundService refunds, RefundsConfig config) {
        this.refunds = refunds;
        this.attemptTimeout = config.attemptTimeout();
    }

    @Scheduled(every = "${bookit.refunds.retry-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = NotStarted.class)
    Uni<Void> refundOwed() {
        return refunds.refundsOwed()
                .onItem().transformToMulti(owed -> Multi.createFrom().iterable(owed))
                .onItem().transformToUniAndConcatenate(order -> refunds.refund(order.id, RefundReason.EVENT_CANCELLED)
                        .onFailure().invoke(failure -> RefundService.logRefundFailure(order, failure))
                        .onFailure().recoverWithNull())
                .collect().asList()
                .chain(() -> refunds.claimMoneyOwed(attemptTimeout))
                .onItem().transformToMulti(owed -> Multi.createFrom().iterable(owed))
                .onItem().transformToUniAndConcatenate(refunds::settleRefund)
                .collect().asList()
                .replaceWithVoid();
    }
}
