import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Attributes the app's CPU during a sale to steps, from a JFR recording with deep stacks (bench/sale.sh with
 * BENCH_JFR=1). Each execution sample in the window goes to the first step whose rule matches any frame of its
 * stack, in the order below (so JSON written by the order call counts as JSON, a Redis call of the rate limiter as
 * rate limit). `java bench/JfrSteps.java RECORDING START_EPOCH_MS END_EPOCH_MS APP_MS_PER_SEAT`
 */
public class JfrSteps {

    /** Step name → frame prefixes (class name starts), in priority order. */
    static final Map<String, List<String>> STEPS = new LinkedHashMap<>();

    static {
        STEPS.put("token verification (JWT)", List.of("org.jose4j", "io.smallrye.jwt", "io.bookit.auth.CachedTokenIdentityProvider",
                "io.quarkus.smallrye.jwt"));
        STEPS.put("rate limits", List.of("io.bookit.ratelimit"));
        STEPS.put("outbox relay", List.of("io.bookit.outbox.OutboxRelay"));
        STEPS.put("consumers (RabbitMQ in)", List.of("io.bookit.organizer.SalesMetricsConsumer",
                "io.bookit.mail.OrderMailConsumer", "io.bookit.seating.SeatStateConsumer", "io.bookit.webhook",
                "io.smallrye.reactive.messaging.rabbitmq.IncomingRabbitMQ", "io.smallrye.reactive.messaging.rabbitmq.internals.IncomingRabbitMQ"));
        STEPS.put("live feed", List.of("io.bookit.seating.LiveSeatMap", "io.bookit.seating.EventFeed", "io.bookit.seating.FeedPubSub",
                "io.bookit.seating.SeatMapSocket", "io.bookit.seating.FeedSubscription"));
        STEPS.put("RabbitMQ client", List.of("com.rabbitmq", "io.vertx.rabbitmq", "io.smallrye.reactive.messaging"));
        STEPS.put("Bean Validation", List.of("org.hibernate.validator", "jakarta.validation"));
        STEPS.put("JSON (Jackson)", List.of("com.fasterxml.jackson", "io.quarkus.resteasy.reactive.jackson", "io.vertx.core.json"));
        STEPS.put("Hibernate Reactive (ORM)", List.of("org.hibernate"));
        STEPS.put("PostgreSQL client", List.of("io.vertx.pgclient", "io.vertx.sqlclient"));
        STEPS.put("Redis client", List.of("io.vertx.redis", "io.quarkus.redis"));
        STEPS.put("metrics (Micrometer)", List.of("io.micrometer"));
        STEPS.put("Bookit code (hold, claim, order, payment)", List.of("io.bookit"));
        STEPS.put("HTTP (Netty, Vert.x, RESTEasy)", List.of("io.netty", "io.vertx.core.http", "io.vertx.core.net",
                "org.jboss.resteasy", "io.quarkus.vertx.http", "io.vertx.ext.web", "io.quarkus.resteasy"));
        STEPS.put("Mutiny, Vert.x and CDI plumbing", List.of("io.smallrye.mutiny", "io.vertx", "io.quarkus", "io.smallrye"));
    }

    public static void main(String[] args) throws Exception {
        Instant from = Instant.ofEpochMilli(Long.parseLong(args[1]));
        Instant to = Instant.ofEpochMilli(Long.parseLong(args[2]));
        double msPerSeat = Double.parseDouble(args[3]);
        Map<String, Integer> counts = new LinkedHashMap<>();
        STEPS.keySet().forEach(step -> counts.put(step, 0));
        counts.put("other (JDK, logging, ...)", 0);
        int total = 0;
        try (RecordingFile recording = new RecordingFile(Path.of(args[0]))) {
            while (recording.hasMoreEvents()) {
                RecordedEvent event = recording.readEvent();
                if (!event.getEventType().getName().equals("jdk.ExecutionSample")
                        || event.getStartTime().isBefore(from) || event.getStartTime().isAfter(to) || event.getStackTrace() == null) {
                    continue;
                }
                total++;
                counts.merge(classify(event.getStackTrace().getFrames()), 1, Integer::sum);
            }
        }
        System.out.printf(Locale.ROOT, "| step | share of app samples | app ms per sold seat |%n|---|---:|---:|%n");
        for (Map.Entry<String, Integer> step : counts.entrySet()) {
            if (step.getValue() > 0) {
                double share = step.getValue() / (double) total;
                System.out.printf(Locale.ROOT, "| %s | %.1f %% | %.2f |%n", step.getKey(), 100 * share, share * msPerSeat);
            }
        }
        System.out.printf(Locale.ROOT, "| **all Java threads** (%d samples) | 100 %% | %.2f |%n", total, msPerSeat);
    }

    static String classify(List<RecordedFrame> frames) {
        for (Map.Entry<String, List<String>> step : STEPS.entrySet()) {
            for (RecordedFrame frame : frames) {
                String type = frame.getMethod() == null ? "" : frame.getMethod().getType().getName();
                for (String prefix : step.getValue()) {
                    if (type.startsWith(prefix)) {
                        return step.getKey();
                    }
                }
            }
        }
        return "other (JDK, logging, ...)";
    }
}
