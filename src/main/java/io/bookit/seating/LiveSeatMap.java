package io.bookit.seating;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bookit.common.ProblemException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.redis.client.Redis;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The live seat maps of this instance: one {@link EventFeed} per event that has local sockets, created with the
 * first socket and closed (unsubscribing from Redis) with the last.
 * <p>
 * Feed subscriptions use the Redis client named {@code feed}: every subscription holds a connection of its own for
 * as long as it lasts, and must not take connections from the pool that serves holds and orders.
 */
@ApplicationScoped
class LiveSeatMap {

    static final CloseReason BAD_EVENT_ID = new CloseReason(4400, "Invalid event id");
    static final CloseReason NO_SUCH_EVENT = new CloseReason(4404, "Event not found or not published");
    /** A socket over a cap that the upgrade's check let through (sockets opened at the same moment). */
    static final CloseReason TRY_AGAIN_LATER = new CloseReason(1013, "Too many live seat maps; try again later");
    /** This instance is going away (SIGTERM): the client reconnects at once, and the balancer sends it elsewhere. */
    static final CloseReason SERVICE_RESTART = new CloseReason(1012, "Server restarting; reconnect");
    static final int RETRY_AFTER_SECONDS = 10;

    /** Micrometer meters of the live seat map. */
    static final class Metrics {
        private final Timer delivery;
        private final Counter lagging;

        Metrics(MeterRegistry registry, AtomicInteger sockets, Map<UUID, EventFeed> feeds,
                Map<String, EventFeed.Client> clients) {
            registry.gauge("bookit.seatmap.live.connections", sockets);
            Gauge.builder("bookit.seatmap.live.in-flight", clients,
                    all -> all.values().stream().mapToInt(client -> client.inFlight.get()).sum())
                    .description("Frames handed to sockets and not yet written out, all sockets").register(registry);
            registry.gauge("bookit.seatmap.live.subscriptions", feeds, Map::size);
            delivery = Timer.builder("bookit.seatmap.live.delivery")
                    .description("From a feed message reaching this instance to its frame written to the sockets "
                            + "(one record per frame and event loop)")
                    .publishPercentiles(0.5, 0.95, 0.99).register(registry);
            lagging = Counter.builder("bookit.seatmap.live.lagging")
                    .description("Sockets that fell behind and skipped deltas until a fresh snapshot").register(registry);
        }

        void delivered(long nanos) {
            delivery.record(nanos, TimeUnit.NANOSECONDS);
        }

        void lagging() {
            lagging.increment();
        }
    }

    private final LayoutCache layouts;
    private final SeatInventory inventory;
    private final ReactiveRedisDataSource feedRedis;
    private final FeedPubSub pubSub;
    private final ObjectMapper json;
    private final LiveConfig config;
    private final Vertx vertx;
    private final Map<UUID, EventFeed> feeds = new HashMap<>(); // guarded by this
    private final Map<String, EventFeed.Client> clients = new ConcurrentHashMap<>();
    private final AtomicInteger sockets = new AtomicInteger();
    private final Map<String, Integer> socketsPerAddress = new ConcurrentHashMap<>();
    private final Metrics metrics;
    private final Optional<Duration> shutdownDelay;
    private volatile boolean restarting;

    LiveSeatMap(LayoutCache layouts, SeatInventory inventory, @RedisClientName("feed") ReactiveRedisDataSource redis,
            FeedPubSub pubSub, ObjectMapper json, LiveConfig config, Vertx vertx, MeterRegistry registry,
            @ConfigProperty(name = "quarkus.shutdown.delay") Optional<Duration> shutdownDelay) {
        this.layouts = layouts;
        this.inventory = inventory;
        this.feedRedis = redis;
        this.pubSub = pubSub;
        this.json = json;
        this.config = config;
        this.vertx = vertx;
        this.metrics = new Metrics(registry, sockets, feeds, clients);
        this.shutdownDelay = shutdownDelay;
    }

    /**
     * SIGTERM, with a shutdown delay (quarkus.shutdown.delay): readiness reports DOWN from now on, so the load
     * balancer stops sending new sockets here while the instance goes on serving. Four fifths into the delay, when
     * the balancer has long seen it, every socket is closed with 1012: its client reconnects at once, and the
     * balancer sends it to another instance, which answers with a snapshot.
     */
    void draining(@Observes(notifyObserver = Reception.IF_EXISTS) ShutdownDelayInitiatedEvent event) {
        long closeAfterMs = shutdownDelay.map(delay -> delay.toMillis() * 4 / 5).orElse(0L);
        vertx.setTimer(Math.max(1, closeAfterMs), id -> restart());
    }

    /**
     * Stopping (after the delay, or at once without one): whatever socket is still open is closed with 1012. Both
     * observers only run when this instance has served live maps (IF_EXISTS: no bean is made during a shutdown).
     */
    void stopping(@Observes(notifyObserver = Reception.IF_EXISTS) ShutdownEvent event) {
        restart();
    }

    private void restart() {
        restarting = true;
        if (!clients.isEmpty()) {
            Log.infof("Closing %d live seat map sockets for a restart (1012)", clients.size());
        }
        clients.values().forEach(client -> client.feed.restart(client));
    }

    /**
     * Why an upgrade from this address is refused now (the caps on sockets in all and per address), or null. Checked
     * before the upgrade ({@link LiveUpgrade}); {@link #join} holds the caps exactly.
     */
    ProblemException refusal(String address) {
        if (sockets.get() >= config.maxSubscribers()) {
            return new ProblemException(503, "live-seat-map-full", "Live seat map full",
                    "This server serves as many live seat maps as it can; retry later, or read GET /api/events/{id}/seats")
                    .with("retryAfterSeconds", RETRY_AFTER_SECONDS)
                    .header("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
        }
        if (socketsPerAddress.getOrDefault(address, 0) >= config.maxSubscribersPerAddress()) {
            return new ProblemException(429, "too-many-connections", "Too many connections",
                    "At most " + config.maxSubscribersPerAddress() + " live seat maps per client address; close one")
                    .with("maxPerAddress", config.maxSubscribersPerAddress())
                    .with("retryAfterSeconds", RETRY_AFTER_SECONDS)
                    .header("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
        }
        return null;
    }

    /** The event's layout, looked up on a context of its own (a miss reads PostgreSQL); null when there is none. */
    Uni<EventLayout> layout(UUID eventId, Context context) {
        return isolated(context, () -> layouts.get(eventId));
    }

    /**
     * The work on a new safe duplicated context of {@code context}'s event loop: reading PostgreSQL through Hibernate
     * Reactive needs one, and the caller's context (a feed's, a route's) must not share a session with it.
     */
    private static <T> Uni<T> isolated(Context context, Supplier<Uni<? extends T>> work) {
        Context isolated = VertxContext.createNewDuplicatedContext(context);
        VertxContextSafetyToggle.setContextSafe(isolated, true);
        return Uni.createFrom().deferred(work).runSubscriptionOn(task -> isolated.runOnContext(ignored -> task.run()));
    }

    /** A socket opened: attach it to its event's feed, which sends the snapshot and then the deltas. */
    Uni<Void> join(WebSocketConnection connection) {
        UUID eventId;
        try {
            eventId = UUID.fromString(connection.pathParam("id"));
        } catch (IllegalArgumentException e) {
            return connection.close(BAD_EVENT_ID);
        }
        Context current = Vertx.currentContext(); // the socket's: its frames are written on its event loop
        Context loop = current == null ? vertx.getOrCreateContext() : VertxContext.getRootContext(current);
        return layouts.get(eventId).chain(layout -> {
            if (layout == null || layout.draft()) {
                return connection.close(NO_SUCH_EVENT);
            }
            if (restarting) {
                return connection.close(SERVICE_RESTART);
            }
            String address = LiveUpgrade.addressOf(connection);
            if (!admit(address)) {
                return connection.close(TRY_AGAIN_LATER);
            }
            EventFeed feed = acquire(layout, loop);
            EventFeed.Client client = new EventFeed.Client(connection, loop, feed, address, compact(connection));
            clients.put(connection.id(), client);
            feed.add(client);
            if (connection.isClosed()) { // closed while we looked the event up: @OnClose may have run already
                leave(connection);
            }
            return Uni.createFrom().voidItem();
        });
    }

    /** Whether the socket asked for {@code ?view=compact} ({@link LiveUpgrade} refused any other view). */
    static boolean compact(WebSocketConnection connection) {
        String query = connection.handshakeRequest().query();
        if (query == null) {
            return false;
        }
        for (String parameter : query.split("&")) {
            if (parameter.equals("view=compact")) {
                return true;
            }
        }
        return false;
    }

    void leave(WebSocketConnection connection) {
        EventFeed.Client client = clients.remove(connection.id());
        if (client != null) {
            dismiss(client.address);
            client.feed.remove(client);
            release(client.feed);
        }
    }

    /** Counts a socket of the address, unless that would pass a cap. */
    private boolean admit(String address) {
        if (sockets.incrementAndGet() > config.maxSubscribers()) {
            sockets.decrementAndGet();
            return false;
        }
        boolean[] admitted = {false};
        socketsPerAddress.compute(address, (ignored, count) -> {
            int now = count == null ? 0 : count;
            admitted[0] = now < config.maxSubscribersPerAddress();
            return admitted[0] ? now + 1 : count;
        });
        if (!admitted[0]) {
            sockets.decrementAndGet();
        }
        return admitted[0];
    }

    private void dismiss(String address) {
        sockets.decrementAndGet();
        socketsPerAddress.computeIfPresent(address, (ignored, count) -> count <= 1 ? null : count - 1);
    }

    /** A frame from the client: {@code {"type":"resync"}} asks for a snapshot; anything else is answered with an error. */
    Uni<Void> received(WebSocketConnection connection, String text) {
        JsonNode frame;
        try {
            frame = json.readTree(text);
        } catch (JsonProcessingException e) {
            return error(connection, "bad-frame", "Frames must be JSON objects such as {\"type\":\"resync\"}");
        }
        String type = frame == null ? "" : frame.path("type").asText("");
        if (!"resync".equals(type)) {
            return error(connection, "unknown-type", "Unknown frame type '" + abbreviate(type)
                    + "'; the only client frame is {\"type\":\"resync\"}");
        }
        EventFeed.Client client = clients.get(connection.id());
        if (client == null) {
            return error(connection, "not-ready", "The seat map is not attached yet; try again");
        }
        client.feed.resync(client);
        return Uni.createFrom().voidItem();
    }

    Uni<Void> error(WebSocketConnection connection, String code, String message) {
        return connection.sendText(write(LiveFrames.Error.of(code, message)));
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }

    private synchronized EventFeed acquire(EventLayout layout, Context loop) {
        EventFeed feed = feeds.get(layout.eventId());
        if (feed == null) {
            feed = new EventFeed(layout, loop, this);
            feeds.put(layout.eventId(), feed);
            feed.start();
        }
        feed.references++;
        return feed;
    }

    private synchronized void release(EventFeed feed) {
        if (--feed.references == 0) {
            feeds.remove(feed.layout.eventId(), feed);
            feed.stop();
        }
    }

    /** A feed that lost its subscription: later sockets of the event get a new one. */
    synchronized void discard(EventFeed feed) {
        feeds.remove(feed.layout.eventId(), feed);
    }

    /**
     * One consistent read of the event's seat map, serialized once per form (JSON, compact) for all sockets that wait
     * for it. Runs on a
     * context of its own (rebuilding a missing state reads PostgreSQL).
     */
    Uni<EventFeed.SnapshotText> readSnapshot(EventLayout layout, Context context) {
        return isolated(context, () -> inventory.snapshot(layout.eventId()))
                .map(snapshot -> snapshotText(layout, snapshot));
    }

    /** A snapshot to be encoded in each form when a socket first needs it. */
    EventFeed.SnapshotText snapshotText(EventLayout layout, SeatInventory.Snapshot snapshot) {
        return new EventFeed.SnapshotText(snapshot,
                () -> encode(LiveFrames.Snapshot.of(SeatMapService.build(layout, snapshot))),
                () -> encode(LiveFrames.CompactSnapshot.of(layout, snapshot)));
    }

    /** A feed message, or null when it cannot be read (the feed then treats it as a gap). */
    LiveFrames.FeedMessage parse(String message) {
        try {
            return json.readValue(message, LiveFrames.FeedMessage.class);
        } catch (JsonProcessingException | RuntimeException e) {
            Log.warnf("Unreadable feed message %s: %s", message, e.getMessage());
            return null;
        }
    }

    /** A frame as the bytes of a text frame, encoded once for every socket that gets it. */
    Buffer encode(Object frame) {
        try {
            return Buffer.buffer(json.writeValueAsBytes(frame));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    String write(Object frame) {
        try {
            return json.writeValueAsString(frame);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    Redis feedRedis() {
        return feedRedis.getRedis();
    }

    FeedPubSub pubSub() {
        return pubSub;
    }

    LiveConfig config() {
        return config;
    }

    Metrics metrics() {
        return metrics;
    }
}
