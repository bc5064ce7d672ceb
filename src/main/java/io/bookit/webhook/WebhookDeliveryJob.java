package io.bookit.webhook;

import io.bookit.common.JobOutages;
import io.bookit.common.NotStarted;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends due deliveries. Each round claims what is due (at most {@code max-connections-per-endpoint} per endpoint, and
 * nothing of an endpoint this instance is still waiting on) and starts every attempt on its own without waiting for
 * it: a slow or failing receiver delays only its own deliveries, never another endpoint's, and no delivery waits for
 * an earlier one (delivery is unordered; receivers order by {@code createdAt}). A claim outlives the attempt's
 * timeout; if an instance dies mid-attempt the delivery is claimed again once the claim lapsed (at least once).
 */
@ApplicationScoped
class WebhookDeliveryJob {

    private final DeliveryService deliveries;
    private final WebhookGateway gateway;
    private final WebhookNotices notices;
    private final Vertx vertx;
    private final MeterRegistry metrics;
    private final Duration lease;
    /** Attempts in flight per endpoint on this instance. */
    private final Map<java.util.UUID, AtomicInteger> inFlight = new ConcurrentHashMap<>();

    WebhookDeliveryJob(DeliveryService deliveries, WebhookGateway gateway, WebhookNotices notices, Vertx vertx,
            MeterRegistry metrics, WebhookConfig config) {
        this.deliveries = deliveries;
        this.gateway = gateway;
        this.notices = notices;
        this.vertx = vertx;
        this.metrics = metrics;
        this.lease = config.timeout().multipliedBy(2).plusSeconds(30);
    }

    @Scheduled(every = "${bookit.webhooks.poll-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = NotStarted.class)
    Uni<Void> sendDue() {
        return deliveries.claim(inFlight.keySet(), lease)
                .invoke(claimed -> claimed.forEach(this::start))
                .onFailure().invoke(failure -> JobOutages.failed(WebhookDeliveryJob.class, failure, "Could not claim webhook deliveries; trying again"))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** One attempt on a fresh duplicated context of its own (its database steps need one; nobody else's share it). */
    private void start(DeliveryService.Claimed claimed) {
        inFlight.computeIfAbsent(claimed.delivery().endpointId, id -> new AtomicInteger()).incrementAndGet();
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        Executor onContext = task -> context.runOnContext(ignored -> task.run());
        context.runOnContext(ignored -> attempt(claimed, onContext)
                .onTermination().invoke(() -> finished(claimed.delivery().endpointId))
                .subscribe().with(done -> {
                }, failure -> Log.warnf(failure, "Webhook delivery %s: the attempt's outcome was not recorded; "
                        + "it is sent again once its claim lapsed", claimed.delivery().id)));
    }

    private Uni<Void> attempt(DeliveryService.Claimed claimed, Executor onContext) {
        return gateway.send(URI.create(claimed.url()), claimed.delivery().body, claimed.secrets())
                .emitOn(onContext)
                .invoke(attempt -> metrics.counter("bookit.webhooks.attempts",
                        "result", attempt.succeeded() ? "succeeded" : "failed").increment())
                .chain(attempt -> deliveries.record(claimed.delivery(), attempt))
                .call(disabled -> disabled == null ? Uni.createFrom().voidItem() : notices.endpointDisabled(disabled))
                .replaceWithVoid();
    }

    private void finished(java.util.UUID endpointId) {
        inFlight.computeIfPresent(endpointId, (id, count) -> count.decrementAndGet() == 0 ? null : count);
    }
}
