package io.bookit.seating;

import io.bookit.common.LuaScript;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * The Redis side of the waiting list (docs/WAITING_LIST.md): the entries that wait, in position order, beside the
 * seat state that the hold scripts change, so that freed places are offered in the same script that frees them
 * (lua/lib.lua, {@code wl_offer}). PostgreSQL keeps the durable record (package {@code waitlist}); this state is
 * rebuilt from it whenever the event's seat state was rebuilt.
 */
@ApplicationScoped
public class WaitlistInventory {

    private static final LuaScript JOIN = LuaScript.load("wl_join");
    private static final LuaScript BUILD = LuaScript.load("wl_build");
    private static final LuaScript UNLOCK = LuaScript.load("unlock");
    private static final Duration LOCK = Duration.ofSeconds(10);
    private static final int LOG_BATCH = 100;

    /** An entry that waits, as the scripts keep it. */
    public record Waiting(UUID id, long position, UUID userId, int quantity, String section, boolean together,
            int passes) {

        String encoded() {
            return userId + "|" + quantity + "|" + (section == null ? "" : section) + "|" + (together ? "1" : "0")
                    + "|" + passes;
        }
    }

    /** What joining answered. */
    public enum Joined {
        /** On the list. */
        WAITING,
        /** The places asked for are on sale right now. */
        AVAILABLE,
        /** The event does not sell now (not on sale, outside its sales window). */
        NOT_ON_SALE,
        /** The event's waiting list is not built in Redis (see {@link #build}). */
        NOT_BUILT
    }

    /** One line of the waiting list's log: an offer made, or an offer that ended (SOLD, EXPIRED, RELEASED). */
    public record Logged(String what, UUID entryId, String holdId, long expiresAt, String how) {

        static Logged parse(String line) {
            String[] parts = line.split("\\|", -1);
            return parts[0].equals("OFFERED")
                    ? new Logged(parts[0], UUID.fromString(parts[1]), parts[2], Long.parseLong(parts[3]), null)
                    : new Logged(parts[0], UUID.fromString(parts[1]), parts[2], 0, parts[3]);
        }

        public boolean offered() {
            return what.equals("OFFERED");
        }
    }

    private final ReactiveRedisDataSource redis;
    private final SeatInventory inventory;
    private final LayoutCache layouts;
    private final LuaScript leaveScript;

    WaitlistInventory(ReactiveRedisDataSource redis, SeatInventory inventory, LayoutCache layouts, FeedPubSub pubSub) {
        this.redis = redis;
        this.inventory = inventory;
        this.layouts = layouts;
        this.leaveScript = pubSub.script("wl_leave");
    }

    /** Whether the event's waiting list is built in Redis (false also when the seat state itself is missing). */
    public Uni<Boolean> built(UUID eventId) {
        return LuaScript.bounded(redis.hash(String.class).hget(EventKeys.of(eventId).meta(), "wl")).map("1"::equals);
    }

    /**
     * Builds the event's waiting list from PostgreSQL's entries, unless it is built (then only the offer settings are
     * written), loading the seat state first when it is missing; then offers what is free to it.
     */
    public Uni<Void> build(UUID eventId, List<Waiting> waiting, Duration offerTtl, int maxPasses) {
        EventKeys keys = EventKeys.of(eventId);
        return layouts.get(eventId).chain(layout -> {
            List<String> args = new ArrayList<>(List.of(layout.rowsForOffers(), Long.toString(offerTtl.toMillis()),
                    Integer.toString(maxPasses)));
            for (Waiting entry : waiting) {
                args.addAll(List.of(entry.id().toString(), Long.toString(entry.position()), entry.encoded()));
            }
            List<String> keyList = List.of(keys.meta(), keys.waitlist().get(0), keys.waitlist().get(1),
                    keys.waitlist().get(2), keys.waitlist().get(4));
            return BUILD.run(redis, keyList, args).chain(answer -> switch (answer.get(0).toString()) {
                case "NOT_LOADED" -> inventory.load(eventId).chain(() -> BUILD.run(redis, keyList, args));
                default -> Uni.createFrom().item(answer);
            });
        }).chain(() -> register(eventId)).chain(() -> inventory.offerMore(eventId));
    }

    /** Puts the entry on the list unless what it asks for is on sale now (atomic with the seat state). */
    public Uni<Joined> join(UUID eventId, Waiting entry) {
        EventKeys keys = EventKeys.of(eventId);
        List<String> wl = keys.waitlist();
        return JOIN.run(redis, List.of(keys.meta(), keys.seats(), keys.ga(), wl.get(0), wl.get(1), wl.get(4)),
                List.of(entry.id().toString(), Long.toString(entry.position()), entry.userId().toString(),
                        Integer.toString(entry.quantity()), entry.section() == null ? "" : entry.section(),
                        entry.together() ? "1" : "0"))
                .map(answer -> switch (answer.get(0).toString()) {
                    case "OK" -> Joined.WAITING;
                    case "AVAILABLE" -> Joined.AVAILABLE;
                    case "NOT_ON_SALE" -> Joined.NOT_ON_SALE;
                    default -> Joined.NOT_BUILT;
                });
    }

    /**
     * The entry leaves: off the list, its live offer hold ({@code holdId}, may be null) released, and what it had
     * (and what was kept spare for it) offered to the next entries.
     */
    public Uni<Void> leave(UUID eventId, UUID entryId, String holdId) {
        EventKeys keys = EventKeys.of(eventId);
        SeatInventory.Offers offers = SeatInventory.Offers.next(eventId);
        List<String> keyList = new ArrayList<>(List.of(keys.meta(), keys.seats(), keys.ga(), keys.expiry(),
                keys.users()));
        keyList.addAll(keys.waitlist());
        keyList.add(keys.hold(holdId == null ? "none" : holdId));
        keyList.addAll(offers.keys());
        List<String> args = new ArrayList<>(List.of(keys.feed(), entryId.toString(), holdId == null ? "" : holdId));
        args.addAll(offers.ids());
        return leaveScript.run(redis, keyList, args).chain(answer -> answer.get(1).toInteger() == 1
                ? inventory.offerMore(eventId) : Uni.createFrom().voidItem());
    }

    /** Offers what is free or spare to the list (a safety net after a crash between a script and its follow-up). */
    public Uni<Void> offer(UUID eventId) {
        return inventory.offerMore(eventId);
    }

    /** Events that have a waiting list (the job's index). */
    public Uni<List<UUID>> events() {
        return redis.set(String.class).smembers(EventKeys.WAITLISTS_INDEX)
                .map(ids -> ids.stream().map(UUID::fromString).toList());
    }

    /** The waitlist job visits the event from now on. */
    public Uni<Void> register(UUID eventId) {
        return redis.set(String.class).sadd(EventKeys.WAITLISTS_INDEX, eventId.toString()).replaceWithVoid();
    }

    /**
     * Drops a closed list (its entries, their spare places and its log) and leaves the index: nothing is offered from
     * it any more. Offers already made stay ordinary holds until they are ordered or expire.
     */
    public Uni<Void> close(UUID eventId) {
        List<String> list = EventKeys.of(eventId).waitlist();
        return redis.key(String.class).del(list.get(0), list.get(1), list.get(2), list.get(3))
                .chain(() -> forget(eventId));
    }

    public Uni<Void> forget(UUID eventId) {
        return redis.set(String.class).srem(EventKeys.WAITLISTS_INDEX, eventId.toString()).replaceWithVoid();
    }

    /**
     * Hands the log's lines to {@code apply}, in order, one batch at a time, and drops them once applied. One instance
     * at a time per event (a lock with a timeout): a line applied twice after a crash must be harmless. Answers how
     * many lines were applied (0 also when another instance holds the lock).
     */
    public Uni<Integer> drainLog(UUID eventId, Function<List<Logged>, Uni<Void>> apply) {
        EventKeys keys = EventKeys.of(eventId);
        String token = UUID.randomUUID().toString();
        return redis.execute("SET", keys.waitlistLock(), token, "NX", "PX", Long.toString(LOCK.toMillis()))
                .chain(locked -> {
                    if (locked == null) {
                        return Uni.createFrom().item(0);
                    }
                    return redis.list(String.class).lrange(keys.waitlistLog(), 0, LOG_BATCH - 1).chain(lines -> {
                        if (lines.isEmpty()) {
                            return Uni.createFrom().item(0);
                        }
                        return apply.apply(lines.stream().map(Logged::parse).toList())
                                .chain(() -> redis.list(String.class).ltrim(keys.waitlistLog(), lines.size(), -1))
                                .replaceWith(lines.size());
                    }).eventually(() -> release(keys, token));
                });
    }

    private Uni<Void> release(EventKeys keys, String token) {
        return UNLOCK.run(redis, List.of(keys.waitlistLock()), List.of(token)).replaceWithVoid();
    }
}
