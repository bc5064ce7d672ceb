package io.bookit.waitlist;

import io.bookit.common.JobOutages;
import io.bookit.common.NotStarted;
import io.bookit.seating.WaitlistInventory;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/**
 * Every instance, every {@code bookit.waitlist.job-interval}, for each event with a waiting list: rebuilds the list in
 * Redis from PostgreSQL if Redis lost it, and writes the offers the scripts made or ended (the Redis log) to
 * PostgreSQL, queueing the offer mails. One instance drains an event's log at a time; applying a line twice is
 * harmless. An event whose list is empty leaves the job's index.
 */
@ApplicationScoped
class WaitlistJob {

    private final WaitlistInventory inventory;
    private final WaitlistService waitlist;

    WaitlistJob(WaitlistInventory inventory, WaitlistService waitlist) {
        this.inventory = inventory;
        this.waitlist = waitlist;
    }

    @Scheduled(every = "${bookit.waitlist.job-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = NotStarted.class)
    Uni<Void> run() {
        return inventory.events().onItem().transformToMulti(ids -> Multi.createFrom().iterable(ids))
                .onItem().transformToUniAndConcatenate(id -> visit(id).onFailure().recoverWithItem(failure -> {
                    JobOutages.failed(WaitlistJob.class, failure, "Waiting list of event %s: retrying next tick", id);
                    return null;
                }))
                .collect().asList().replaceWithVoid();
    }

    /**
     * Lists of events that are over (cancelled, or ended) close: their entries end EXPIRED and the lists
     * leave Redis, so nothing is offered any more. Then events with live entries in PostgreSQL join the index again:
     * after Redis lost everything (the index with it), their lists are rebuilt on the next run.
     */
    @Scheduled(every = "${bookit.waitlist.reindex-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = NotStarted.class)
    Uni<Void> reindex() {
        return waitlist.closeOver().onItem().transformToMulti(ids -> Multi.createFrom().iterable(ids))
                .onItem().transformToUniAndConcatenate(inventory::close).collect().asList()
                .chain(waitlist::eventsWithLiveEntries).onItem().transformToMulti(ids -> Multi.createFrom().iterable(ids))
                .onItem().transformToUniAndConcatenate(inventory::register).collect().asList().replaceWithVoid();
    }

    /** Rebuild if needed, then drain the log; leave the index once nothing is live and the log is empty. */
    Uni<Void> visit(UUID eventId) {
        return inventory.built(eventId)
                .chain(built -> built ? Uni.createFrom().voidItem() : waitlist.rebuild(eventId))
                .chain(() -> drain(eventId))
                .chain(applied -> applied > 0 ? Uni.createFrom().voidItem() : waitlist.hasLive(eventId)
                        .chain(live -> live ? Uni.createFrom().voidItem() : inventory.forget(eventId)));
    }

    /** Drains the event's log now (also called by tests and after a leave). */
    Uni<Integer> drain(UUID eventId) {
        return inventory.drainLog(eventId, lines -> waitlist.apply(lines).chain(orphans -> release(eventId, orphans)));
    }

    /** Offers made to entries that had left meanwhile: their holds go back to the list. */
    private Uni<Void> release(UUID eventId, List<WaitlistInventory.Logged> orphans) {
        return Multi.createFrom().iterable(orphans).onItem().transformToUniAndConcatenate(line ->
                inventory.leave(eventId, line.entryId(), line.holdId())).collect().asList().replaceWithVoid();
    }
}
