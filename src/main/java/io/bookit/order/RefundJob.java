package io.bookit.order;

import io.bookit.common.NotStarted;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

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

    /**
     * @param attemptTimeout how long a refund attempt may take (the provider client's timeouts and retries) before
     *        the job tries again; shorter would ask twice while the first call is still under way
     */
    RefundJob(RefundService refunds,
            @ConfigProperty(name = "bookit.refunds.attempt-timeout", defaultValue = "2m") Duration attemptTimeout) {
        this.refunds = refunds;
        this.attemptTimeout = attemptTimeout;
    }

    @Scheduled(every = "${bookit.refunds.retry-interval:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
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
