package io.bookit.ticket;

import io.bookit.common.JobOutages;
import io.bookit.common.NotStarted;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Uploads the ticket files that are still missing: the safety net behind {@link TicketFiles#requestSweep}. */
@ApplicationScoped
class TicketFileJob {

    private final TicketFiles files;

    TicketFileJob(TicketFiles files) {
        this.files = files;
    }

    @Scheduled(every = "${bookit.tickets.file-sweep-interval}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = NotStarted.class)
    Uni<Void> uploadMissing() {
        return files.sweep()
                .invoke(stored -> {
                    if (stored > 0) {
                        Log.infof("Stored %d missing ticket files", stored);
                    }
                })
                .onFailure().invoke(e -> JobOutages.failed(TicketFileJob.class, e, "Ticket file sweep failed; retrying next time"))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
