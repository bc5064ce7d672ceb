package io.bookit.common;

import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * Skips scheduled jobs until every start-up observer has run, and again from the start of a shutdown on
 * ({@code @Scheduled(skipExecutionIf = NotStarted.class)}): a SIGTERM with a shutdown delay stops new rounds at
 * once, so the rounds under way finish (and give back what they claimed) while the instance drains, and the same
 * jobs on the other instances carry on. A job on an event loop that touched Redis while the
 * Redis extension was still creating its data sources at start-up made the start fail now and then
 * (ConcurrentModificationException in RedisClientRecorder); Quarkus' own {@code ApplicationNotRunning} flips at the
 * default observer priority, which does not order it after the Redis extension's observer.
 */
@Singleton
public class NotStarted implements Scheduled.SkipPredicate {

    private volatile boolean running;

    void started(@Observes @Priority(Integer.MAX_VALUE) StartupEvent event) {
        running = true;
    }

    void draining(@Observes ShutdownDelayInitiatedEvent event) {
        running = false;
    }

    void stopping(@Observes @Priority(0) ShutdownEvent event) {
        running = false;
    }

    @Override
    public boolean test(ScheduledExecution execution) {
        return !running;
    }
}
