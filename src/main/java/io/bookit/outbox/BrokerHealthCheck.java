package io.bookit.outbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.health.api.Wellness;
import io.smallrye.reactive.messaging.health.HealthReport;
import io.smallrye.reactive.messaging.providers.extension.HealthCenter;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * Whether the app is connected to RabbitMQ, per channel, in {@code /q/health} (as a wellness check) and as the gauge
 * {@code bookit_broker_up} (1 or 0). Deliberately neither readiness nor liveness (the messaging extension's own checks
 * are off, {@code quarkus.messaging.health.enabled=false}): serving needs PostgreSQL and Redis only, orders go on
 * confirming while the broker is away (their events wait in the outbox), and restarting the instance would not bring
 * the broker back. An operator alerts on the gauge and on the outbox backlog instead.
 */
@Wellness
@ApplicationScoped
class BrokerHealthCheck implements HealthCheck {

    static final String NAME = "RabbitMQ broker";

    private final HealthCenter channels;

    BrokerHealthCheck(HealthCenter channels, MeterRegistry metrics) {
        this.channels = channels;
        Gauge.builder("bookit.broker.up", this, check -> check.connected() ? 1 : 0)
                .description("1 while every RabbitMQ channel of this instance is connected, else 0")
                .register(metrics);
    }

    @Override
    public HealthCheckResponse call() {
        HealthReport report = channels.getLiveness();
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME).status(report.isOk());
        report.getChannels().forEach(channel -> response.withData(channel.getChannel(), channel.isOk()));
        return response.build();
    }

    private boolean connected() {
        return channels.getLiveness().isOk();
    }
}
