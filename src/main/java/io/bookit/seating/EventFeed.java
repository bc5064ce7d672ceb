package io.bookit.seating;

import io.quarkus.logging.Log;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketBase;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The live seat map of one event on this instance: one Redis subscription to the event's feed, shared by every
 * local socket of the event. Feed messages are coalesced into frames that are serialized once and written to all
 * sockets; snapshots are read once for every socket waiting for one.
 * <p>
 * All state is confined to one Vert.x event-loop context: callbacks from Redis, sockets and timers hop onto it, so
 * no locks are needed and every socket receives its frames in the order they were written.
 * <p>
 * Versions: a socket holds the version its view is at. A frame covering {@code from..to} goes to a socket at
 * {@code from - 1} as is; one that overlaps its view (a snapshot read while the frame was coalescing) is trimmed to
 * the newer messages; a frame beyond {@code version + 1} means messages were lost and the socket gets a snapshot.
 * <p>
 * A snapshot's {@code onSale} changes with time, not with a feed message (sales open or end): a snapshot is reused
 * only until then, and at that moment every socket gets a fresh one.
 */
final class EventFeed {

    static final CloseReason FEED_LOST = new CloseReason(1011, "Live feed interrupted; reconnect");
    static final CloseReason SNAPSHOT_FAILED = new CloseReason(1011, "Seat map unavailable; reconnect");

    /**
     * One socket as the feed sees it. {@code version} is touched only on the feed's context; {@code inFlight},
     * {@code lagging} and {@code open} also by the socket's event loop, which writes its frames.
     */
    static final class Client {
        final WebSocketConnection connection;
        final WebSocketBase socket; // the Vert.x socket under it, null: frames are sent through the connection
        final Context loop; // the socket's event loop
        final EventFeed feed;
        final String address; // the client's, for the caps on sockets per address
        final boolean compact; // ?view=compact: snapshots carry statuses instead of seats
        long version = -1; // -1 while waiting for a snapshot
        SocketWriter writer;
        final AtomicInteger inFlight = new AtomicInteger(); // frames handed to the socket and not yet written out
        volatile boolean lagging;
        volatile boolean open = true;
        final Handler<AsyncResult<Void>> completion = result -> written(result.succeeded());

        Client(WebSocketConnection connection, Context loop, EventFeed feed, String address, boolean compact) {
            this.connection = connection;
            this.socket = SocketWriter.socketOf(connection);
            this.loop = loop;
            this.feed = feed;
            this.address = address;
            this.compact = compact;
        }

        /** A write finished (on the socket's event loop). */
        void written(boolean succeeded) {
            if (inFlight.decrementAndGet() == 0 && lagging) {
                feed.onContext(() -> feed.drained(this));
            }
        }
    }

    /**
     * A coalesced frame covering {@code from..to}: {@code text} the delta; {@code compact} what compact sockets at
     * {@code from - 1} get, the same delta or, when that is smaller, the compact snapshot at {@code to}.
     */
    record Frame(long from, long to, List<LiveFrames.FeedMessage> messages, Buffer text, Buffer compact,
            boolean compactIsSnapshot, long receivedAt) {
    }

    /**
     * One snapshot read, written in each form (JSON, compact) when a socket first needs it and then shared by every
     * socket of that form. {@code onSaleFixedForMs}: how long after its read its {@code onSale} holds (MAX_VALUE: for
     * good). Touched only on the feed's context.
     */
    static final class SnapshotText {
        private final SeatInventory.Snapshot snapshot;
        private final long version;
        private final long onSaleFixedForMs;
        private Supplier<Buffer> full;
        private Supplier<Buffer> compact;
        private Buffer fullText;
        private Buffer compactText;

        SnapshotText(SeatInventory.Snapshot snapshot, Supplier<Buffer> full, Supplier<Buffer> compact) {
            this.snapshot = snapshot;
            this.version = snapshot.version();
            this.onSaleFixedForMs = snapshot.onSaleFixedForMs();
            this.full = full;
            this.compact = compact;
        }

        SeatInventory.Snapshot snapshot() {
            return snapshot;
        }

        long version() {
            return version;
        }

        long onSaleFixedForMs() {
            return onSaleFixedForMs;
        }

        Buffer text(boolean compactForm) {
            if (compactForm) {
                if (compactText == null) {
                    compactText = compact.get();
                    compact = null;
                }
                return compactText;
            }
            if (fullText == null) {
                fullText = full.get();
                full = null;
            }
            return fullText;
        }
    }

    /**
     * The event's seat states and areas at {@link #version}: a snapshot read with every later feed message applied.
     * Touched only on the feed's context.
     */
    static final class LiveState {
        private final SeatInventory.Snapshot base;
        private final char[] seats;
        private final Map<String, Integer> available;
        private long version;

        LiveState(SeatInventory.Snapshot base) {
            this.base = base;
            this.seats = base.seatStates() == null ? new char[0] : base.seatStates().toCharArray();
            this.available = new HashMap<>(base.available());
            this.version = base.version();
        }

        long version() {
            return version;
        }

        /** Applies the message if it is the next version; false when it is not (the state is then of no use). */
        boolean apply(LiveFrames.FeedMessage message) {
            if (message.v() <= version) {
                return true;
            }
            if (message.v() != version + 1) {
                return false;
            }
            if (message.seats() != null) {
                message.seats().forEach((code, indices) -> {
                    char state = code.charAt(0);
                    for (int index : indices) {
                        if (index >= 0 && index < seats.length) {
                            seats[index] = state;
                        }
                    }
                });
            }
            if (message.ga() != null) {
                available.putAll(message.ga());
            }
            version = message.v();
            return true;
        }

        /** As if read from Redis at {@link #version} (the sale's status and window as of the read it started from). */
        SeatInventory.Snapshot snapshot() {
            return new SeatInventory.Snapshot(version, base.status(), new String(seats), Map.copyOf(available),
                    base.sold(), base.salesStart(), base.salesEnd(), base.readAt());
        }
    }

    /** Slack after a sales start or end before the snapshot that shows it is read (clocks of Redis and here). */
    private static final long SALE_CHANGE_SLACK_MS = 20;
    private static final long MAX_SALE_WAIT_MS = 86_400_000;

    final EventLayout layout;
    /** About the size of the event's compact snapshot: its statuses in base64 and up to 64 bytes an area besides. */
    private final int compactSnapshotBytes;
    private final String channel;
    private final Context context;
    private final LiveSeatMap live;

    /** Guarded by the {@link LiveSeatMap} lock, not the context: the number of sockets that joined and did not leave. */
    int references;

    private final Set<Client> clients = new LinkedHashSet<>();
    private final Map<Context, SocketWriter> writers = new IdentityHashMap<>();
    private LiveState state; // null until a snapshot was read, and after a reset or gap
    private final Set<Client> awaiting = new LinkedHashSet<>();
    private final List<LiveFrames.FeedMessage> batch = new ArrayList<>();
    private final ArrayDeque<Frame> history = new ArrayDeque<>();
    private FeedSubscription subscription;
    private boolean subscribed;
    private boolean stopped;
    private boolean reading;
    private long epoch;
    private long lastVersion = -1;
    private long coveredFrom; // every frame ending at or after this version since the last reset is in history
    private SnapshotText cached;
    private boolean cachedMayGoStale; // its onSale changes when sales open or end
    private long cachedStaleAt; // then: System.nanoTime() from which on it may be wrong
    private long saleTimer = -1;
    private long batchReceivedAt;
    private long lastFlushAt;
    private long timer = -1;

    EventFeed(EventLayout layout, Context context, LiveSeatMap live) {
        this.layout = layout;
        int areas = 0;
        for (EventLayout.Area ignored : layout.areas()) {
            areas++;
        }
        this.compactSnapshotBytes = 4 * (((layout.seats().size() + 3) / 4 + 2) / 3) + 256 + 64 * areas;
        this.channel = EventKeys.of(layout.eventId()).feed();
        this.context = context;
        this.live = live;
    }

    void start() {
        FeedSubscription.open(live.feedRedis(), live.pubSub(), channel, this::received, why -> onContext(() -> lost(why)))
                .subscribe().with(opened -> onContext(() -> subscribed(opened)),
                        failure -> onContext(() -> lost(failure.toString())));
    }

    void stop() {
        onContext(() -> {
            stopped = true;
            cancelTimer();
            cancelSaleTimer();
            unsubscribe();
        });
    }

    void add(Client client) {
        onContext(() -> {
            if (stopped) {
                close(client, FEED_LOST);
                return;
            }
            client.writer = writers.computeIfAbsent(client.loop, loop -> new SocketWriter(loop, live.metrics()));
            clients.add(client);
            requestSnapshot(client);
        });
    }

    void remove(Client client) {
        onContext(() -> {
            client.open = false;
            clients.remove(client);
            awaiting.remove(client);
        });
    }

    /** The instance is going away: the socket is closed with 1012, so that its client reconnects elsewhere. */
    void restart(Client client) {
        onContext(() -> close(client, LiveSeatMap.SERVICE_RESTART));
    }

    void resync(Client client) {
        onContext(() -> {
            if (client.open && !stopped) {
                requestSnapshot(client);
            }
        });
    }

    void onContext(Runnable action) {
        context.runOnContext(ignored -> action.run());
    }

    private void subscribed(FeedSubscription opened) {
        subscription = opened;
        if (stopped) {
            unsubscribe();
            return;
        }
        subscribed = true;
        readIfNeeded();
    }

    private void unsubscribe() {
        if (subscription != null) {
            subscription.close();
            subscription = null;
        }
    }

    /** The subscription failed or ended while sockets rely on it: they reconnect and start over on a new one. */
    private void lost(String why) {
        if (stopped) {
            return;
        }
        Log.warnf("Live feed %s lost (%s); closing %d sockets", channel, why, clients.size());
        stopped = true;
        cancelTimer();
        cancelSaleTimer();
        live.discard(this);
        new ArrayList<>(clients).forEach(client -> close(client, FEED_LOST));
        unsubscribe();
    }

    // --- snapshots

    private void requestSnapshot(Client client) {
        client.version = -1;
        SnapshotText current = currentSnapshot();
        if (current != null) {
            deliverSnapshot(client, current);
        } else {
            awaiting.add(client);
            readIfNeeded();
        }
    }

    /**
     * The snapshot to send without reading Redis, or null: the cached one while its onSale holds, brought to the
     * feed's latest version from the live state when that is newer. Without that, a socket joining (or recovering
     * from lagging) long after the last read would get an old snapshot plus every frame since, up to
     * {@code bookit.live.history} of them: more than {@code max-in-flight}, so that it lagged again at once.
     */
    private SnapshotText currentSnapshot() {
        if (cached == null || (cachedMayGoStale && System.nanoTime() - cachedStaleAt >= 0)) {
            return null;
        }
        if (state != null && state.version() > cached.version()) {
            cached = live.snapshotText(layout, state.snapshot()); // the sale timers of cache() stay as they are
        }
        return coveredFrom <= cached.version() + 1 ? cached : null;
    }

    /** Reads one snapshot for every socket waiting, once the subscription is active (so no change falls between). */
    private void readIfNeeded() {
        if (!subscribed || stopped || reading || awaiting.isEmpty()) {
            return;
        }
        reading = true;
        List<Client> group = new ArrayList<>(awaiting);
        awaiting.clear();
        long readEpoch = epoch;
        live.readSnapshot(layout, context).subscribe().with(
                snapshot -> onContext(() -> snapshotRead(group, snapshot, readEpoch)),
                failure -> onContext(() -> snapshotFailed(group, failure)));
    }

    private void snapshotRead(List<Client> group, SnapshotText snapshot, long readEpoch) {
        reading = false;
        if (stopped) {
            return;
        }
        if (readEpoch != epoch) { // a reset came in meanwhile: this read may predate it
            group.stream().filter(client -> client.open).forEach(awaiting::add);
        } else {
            cache(snapshot);
            track(snapshot);
            group.stream().filter(client -> client.open).forEach(client -> deliverSnapshot(client, snapshot));
        }
        readIfNeeded();
    }

    /**
     * Keeps the snapshot for later sockets while its onSale holds; when sales open or end, everyone gets a new one
     * (a change more than a day ahead is looked at again after a day).
     */
    private void cache(SnapshotText snapshot) {
        cached = snapshot;
        cancelSaleTimer();
        cachedMayGoStale = snapshot.onSaleFixedForMs() != Long.MAX_VALUE;
        if (!cachedMayGoStale) {
            return;
        }
        long fixedFor = Math.min(snapshot.onSaleFixedForMs(), MAX_SALE_WAIT_MS);
        cachedStaleAt = System.nanoTime() + fixedFor * 1_000_000;
        saleTimer = context.owner().setTimer(Math.max(1, fixedFor + SALE_CHANGE_SLACK_MS), id -> {
            saleTimer = -1;
            if (!stopped) {
                flush();
                restart();
            }
        });
    }

    /** Starts the live state from a snapshot read, unless it is already at or past that version. */
    private void track(SnapshotText snapshot) {
        if (state != null && state.version() >= snapshot.version()) {
            return;
        }
        if (coveredFrom > snapshot.version() + 1) {
            state = null;
            return;
        }
        LiveState fresh = new LiveState(snapshot.snapshot());
        for (Frame frame : history) {
            for (LiveFrames.FeedMessage message : frame.messages()) {
                if (!fresh.apply(message)) {
                    state = null;
                    return;
                }
            }
        }
        state = fresh;
    }

    private void cancelSaleTimer() {
        if (saleTimer >= 0) {
            context.owner().cancelTimer(saleTimer);
            saleTimer = -1;
        }
    }

    private void snapshotFailed(List<Client> group, Throwable failure) {
        reading = false;
        Log.warnf(failure, "Reading the seat map of event %s failed", layout.eventId());
        group.forEach(client -> close(client, SNAPSHOT_FAILED));
        readIfNeeded();
    }

    private void deliverSnapshot(Client client, SnapshotText snapshot) {
        if (coveredFrom > snapshot.version() + 1) { // frames after this snapshot have left the history
            cached = null;
            awaiting.add(client);
            readIfNeeded();
            return;
        }
        if (send(client, snapshot.text(client.compact), 0)) {
            client.version = snapshot.version();
            for (Frame frame : history) {
                deliver(client, frame);
            }
        }
    }

    // --- the change feed

    /** On the Redis connection's thread: parse there, then continue on the feed's context. */
    private void received(String message) {
        long receivedAt = System.nanoTime();
        LiveFrames.FeedMessage parsed = live.parse(message);
        onContext(() -> accept(parsed, receivedAt));
    }

    private void accept(LiveFrames.FeedMessage message, long receivedAt) {
        if (stopped) {
            return;
        }
        if (message == null || message.reset()) { // unreadable, or the state was rebuilt: everyone starts over
            flush();
            lastVersion = message == null ? -1 : message.v();
            restart();
            return;
        }
        if (lastVersion >= 0 && message.v() <= lastVersion) {
            return;
        }
        if (lastVersion >= 0 && message.v() != lastVersion + 1) {
            Log.warnf("Feed %s skipped from version %d to %d; sending snapshots", channel, lastVersion, message.v());
            flush();
            restart();
        }
        if (lastVersion < 0 || message.v() != lastVersion + 1) {
            // the history starts here: a snapshot older than this message cannot be brought up to date from it (a
            // snapshot read before a lost first message would otherwise be sent again and again)
            coveredFrom = message.v();
        }
        lastVersion = message.v();
        if (batch.isEmpty()) {
            batchReceivedAt = receivedAt;
        }
        batch.add(message);
        if (batch.size() >= live.config().maxBatch()) {
            flush();
        } else if (timer < 0) {
            long waitMs = (lastFlushAt + window() - System.nanoTime()) / 1_000_000;
            if (waitMs <= 0) {
                flush();
            } else {
                timer = context.owner().setTimer(waitMs, id -> {
                    timer = -1;
                    flush();
                });
            }
        }
    }

    /**
     * The coalescing window in nanoseconds: long enough that the event's sockets get at most about
     * {@code max-frames-per-second} frames a second in all, within {@code coalesce-window..max-coalesce-window}.
     */
    long window() {
        LiveConfig config = live.config();
        long min = config.coalesceWindow().toNanos();
        long max = Math.max(min, config.maxCoalesceWindow().toNanos());
        long forBudget = clients.size() * 1_000_000_000L / Math.max(1, config.maxFramesPerSecond());
        return Math.max(min, Math.min(max, forBudget));
    }

    /** Forgets history, live state and cached snapshot; every socket gets a fresh snapshot. */
    private void restart() {
        epoch++;
        state = null;
        history.clear();
        coveredFrom = 0;
        cached = null;
        for (Client client : clients) {
            client.version = -1;
            awaiting.add(client);
        }
        readIfNeeded();
    }

    private void flush() {
        cancelTimer();
        if (batch.isEmpty() || stopped) {
            batch.clear();
            return;
        }
        List<LiveFrames.FeedMessage> messages = List.copyOf(batch);
        batch.clear();
        long from = messages.get(0).v();
        long to = messages.get(messages.size() - 1).v();
        Buffer delta = live.encode(LiveFrames.delta(layout, messages));
        Buffer compact = delta;
        if (state != null) {
            for (LiveFrames.FeedMessage message : messages) {
                if (!state.apply(message)) {
                    state = null;
                    break;
                }
            }
        }
        if (state != null && state.version() == to && delta.length() > compactSnapshotBytes) {
            compact = live.encode(LiveFrames.CompactSnapshot.of(layout, state.snapshot()));
        }
        Frame frame = new Frame(from, to, messages, delta, compact, compact != delta, batchReceivedAt);
        history.addLast(frame);
        while (history.size() > live.config().history()) {
            coveredFrom = history.removeFirst().to() + 1;
        }
        lastFlushAt = System.nanoTime();
        for (Client client : new ArrayList<>(clients)) {
            deliver(client, frame);
        }
    }

    private void cancelTimer() {
        if (timer >= 0) {
            context.owner().cancelTimer(timer);
            timer = -1;
        }
    }

    private void deliver(Client client, Frame frame) {
        if (client.version < 0 || client.lagging || frame.to() <= client.version) {
            return;
        }
        Buffer text;
        if (client.compact && frame.compactIsSnapshot() && frame.from() <= client.version + 1) {
            text = frame.compact(); // the compact snapshot at frame.to(): replaces whatever the client had
        } else if (frame.from() == client.version + 1) {
            text = client.compact ? frame.compact() : frame.text();
        } else if (frame.from() <= client.version) {
            long after = client.version;
            text = live.encode(LiveFrames.delta(layout, frame.messages().stream().filter(m -> m.v() > after).toList()));
        } else {
            requestSnapshot(client);
            return;
        }
        if (send(client, text, frame.receivedAt())) {
            client.version = frame.to();
        }
    }

    /**
     * Hands a frame to the socket's event loop unless the socket already has too many unwritten: then it skips
     * frames until its writes drain and gets a fresh snapshot, so that a slow client costs a bounded amount of memory.
     */
    private boolean send(Client client, Buffer text, long receivedAt) {
        if (!client.open) {
            return false;
        }
        if (client.inFlight.get() >= live.config().maxInFlight()) {
            if (!client.lagging) {
                client.lagging = true;
                live.metrics().lagging();
                if (client.inFlight.get() == 0) { // drained meanwhile: nobody else will notice
                    drained(client);
                }
            }
            return false;
        }
        client.inFlight.incrementAndGet();
        client.writer.add(client, text, receivedAt);
        return true;
    }

    /** A lagging socket's writes have all gone out: it starts over from a fresh snapshot. */
    void drained(Client client) {
        if (client.lagging && client.inFlight.get() == 0 && client.open && !stopped) {
            client.lagging = false;
            requestSnapshot(client);
        }
    }

    private static void close(Client client, CloseReason reason) {
        client.open = false;
        client.connection.close(reason).subscribe().with(ignored -> {
        }, failure -> Log.debugf("Closing socket %s failed: %s", client.connection.id(), failure));
    }
}
