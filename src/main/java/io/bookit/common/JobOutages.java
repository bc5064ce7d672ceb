package io.bookit.common;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.FailedExecution;
import io.quarkus.scheduler.ScheduledExecution;
import io.quarkus.scheduler.SuccessfulExecution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the scheduled jobs log while a service they need (PostgreSQL, Redis) is unreachable: one WARN line when a
 * job's outage starts and one INFO line when a tick of that job worked again, instead of a stack trace on every tick
 * (the sweeper ticks every second, the admission job five times a second). Any other failure is logged in full, as
 * the scheduler did ({@code Error occurred while executing task}; its own line is switched off in
 * application.properties). Jobs that catch failures themselves (per event) report them with {@link #failed}.
 */
@ApplicationScoped
public class JobOutages {

    /** A job's outage: since when, and the last failure seen (a tick begun after it that worked ends the outage). */
    private record Outage(Instant since, Instant lastFailure, String cause) {
    }

    private static final Map<String, Outage> AWAY = new ConcurrentHashMap<>();

    /**
     * A failure in the job of class {@code job} ({@code getClass().getSimpleName()}): a service away is told once per
     * outage, without its stack trace; anything else is logged in full with {@code message}.
     */
    public static void failed(Class<?> job, Throwable failure, String message, Object... params) {
        if (!Unreachable.is(failure)) {
            Log.warnf(failure, message, params);
            return;
        }
        away(job.getSimpleName(), failure);
    }

    private static void away(String job, Throwable failure) {
        Instant now = Instant.now();
        Outage started = AWAY.compute(job, (name, outage) -> outage == null
                ? new Outage(now, now, brief(failure)) : new Outage(outage.since(), now, outage.cause()));
        if (started.since() == now) {
            Log.warnf("%s: a service it needs is unreachable (%s); it retries every tick, quietly, until it works again",
                    job, started.cause());
        }
    }

    void onFailure(@Observes FailedExecution failed) {
        if (Unreachable.is(failed.getException())) {
            away(job(failed.getExecution()), failed.getException());
        } else {
            Log.errorf(failed.getException(), "Error occurred while executing task for trigger %s",
                    failed.getExecution().getTrigger());
        }
    }

    void onSuccess(@Observes SuccessfulExecution done) {
        String job = job(done.getExecution());
        Outage outage = AWAY.get(job);
        if (outage != null && outage.lastFailure().isBefore(done.getExecution().getFireTime())
                && AWAY.remove(job, outage)) {
            Log.infof("%s works again after %d s of outage (%s)", job,
                    Duration.between(outage.since(), Instant.now()).toSeconds(), outage.cause());
        }
    }

    /** The job's class, as {@link #failed} is told it: the method description is {@code package.Class#method}. */
    private static String job(ScheduledExecution execution) {
        String method = execution.getTrigger().getMethodDescription();
        if (method == null) {
            return execution.getTrigger().getId();
        }
        int hash = method.indexOf('#');
        String type = hash < 0 ? method : method.substring(0, hash);
        return type.substring(type.lastIndexOf('.') + 1);
    }

    private static String brief(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
