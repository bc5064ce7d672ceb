package io.bookit.organizer;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Organizer statistics for dashboards: tickets and revenue sold and refunded, as Prometheus counters
 * ({@code bookit_sales_tickets_total}, {@code bookit_sales_revenue_total} by type and currency), fed by order events
 * from the outbox. Each order event counts once even if RabbitMQ delivers it again: a Redis marker per order and
 * type is set first. (Per-event figures come from PostgreSQL, see StatsService: the source of truth.)
 */
@ApplicationScoped
class SalesMetricsConsumer {

    static final Duration REMEMBER = Duration.ofDays(7);

    private final ReactiveRedisDataSource redis;
    private final MeterRegistry metrics;

    SalesMetricsConsumer(ReactiveRedisDataSource redis, MeterRegistry metrics) {
        this.redis = redis;
        this.metrics = metrics;
    }

    @Incoming("sales-metrics")
    Uni<Void> count(JsonObject event) {
        String type = event.getString("type");
        if ("order.refunded".equals(type) && !event.getBoolean("placesReleased", false)) {
            return Uni.createFrom().voidItem(); // a late payment given back: it was never counted as sold
        }
        String marker = "bk:counted:" + type + ":" + event.getString("orderId");
        return redis.value(String.class).setGet(marker, "1", new SetArgs().nx().px(REMEMBER))
                .invoke(previous -> {
                    if (previous != null) {
                        return; // counted before: a redelivery
                    }
                    String kind = "order.confirmed".equals(type) ? "sold" : "refunded";
                    String currency = event.getString("currency", "?");
                    metrics.counter("bookit.sales.tickets", "type", kind, "currency", currency)
                            .increment(event.getInteger("quantity", 0));
                    metrics.counter("bookit.sales.revenue", "type", kind, "currency", currency)
                            .increment(Double.parseDouble(event.getString("total", "0")));
                })
                .replaceWithVoid();
    }
}
