package io.bookit.ticket;

import io.bookit.common.JobOutages;
import io.bookit.common.NotStarted;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Pending transfers past their {@code expiresAt} become EXPIRED (reads show them so already; this records it). */
@ApplicationScoped
class TransferExpiryJob {

    private final TransferService transfers;

    TransferExpiryJob(TransferService transfers) {
        this.transfers = transfers;
    }

    @Scheduled(every = "${bookit.transfers.expiry-interval}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = NotStarted.class)
    Uni<Void> expire() {
        return transfers.expireDue()
                .invoke(expired -> {
                    if (expired > 0) {
                        Log.infof("%d ticket transfers expired", expired);
                    }
                })
                .onFailure().invoke(e -> JobOutages.failed(TransferExpiryJob.class, e, "Expiring ticket transfers failed; retrying next time"))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
