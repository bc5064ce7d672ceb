package io.bookit.seating;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The live seat map's knobs (see docs/LIVE_SEAT_MAP.md). */
@ConfigMapping(prefix = "bookit.live")
public interface LiveConfig {

    /** Feed messages of one event that arrive within this window after a frame go out together in the next frame. */
    @WithDefault("25ms")
    Duration coalesceWindow();

    /**
     * The coalescing window grows with the event's sockets so that this instance writes about this many frames a
     * second for one event at the most (10,000 sockets: a window of 200 ms, 5 frames a second each), up to
     * {@link #maxCoalesceWindow()}. Why 50,000 and not more: docs/BENCHMARKS.md, "Live seat map at 10,000 subscribers".
     */
    @WithDefault("50000")
    int maxFramesPerSecond();

    /** The longest coalescing window, however many sockets (5 updates a second are as many as a person sees). */
    @WithDefault("200ms")
    Duration maxCoalesceWindow();

    /** Feed messages in one frame at the most; a fuller batch is sent at once. */
    @WithDefault("500")
    int maxBatch();

    /** Frames handed to one socket and not yet written out; a client beyond this skips deltas and gets a snapshot later. */
    @WithDefault("64")
    int maxInFlight();

    /** Recent frames kept per event, so that a new socket can start from the last snapshot instead of a Redis read. */
    @WithDefault("256")
    int history();

    /** Live sockets this instance serves at once; an upgrade beyond it → 503 {@code live-seat-map-full}. */
    @WithDefault("20000")
    int maxSubscribers();

    /** Live sockets of one client address on this instance; an upgrade beyond it → 429 {@code too-many-connections}. */
    @WithDefault("50")
    int maxSubscribersPerAddress();
}
