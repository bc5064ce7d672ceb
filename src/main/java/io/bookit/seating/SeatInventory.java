package io.bookit.seating;

import io.bookit.common.LuaScript;
import io.bookit.event.Event;
import io.bookit.event.EventAreaRepository;
import io.bookit.event.EventLifecycle;
import io.bookit.event.EventStatus;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The live seat state of events in Redis: every change is one Lua script, atomic and all-or-nothing, that also
 * bumps the event's version and publishes the change on the event's feed. PostgreSQL stays the source of truth:
 * when an event's state is missing (restart, flush, failover) it is rebuilt from there before it serves again.
 * The sale rules follow the event row through {@link EventLifecycle}, the waiting room's settings through
 * {@link RoomSync}.
 */
@ApplicationScoped
public class SeatInventory implements EventLifecycle {

    private static final LuaScript CLAIM = LuaScript.load("claim");
    private static final LuaScript UNCLAIM = LuaScript.load("unclaim");
    private static final LuaScript SNAPSHOT = LuaScript.load("snapshot");
    private static final LuaScript DUE = LuaScript.load("due");
    private static final String NOT_LOADED = "NOT_LOADED";

    /** What a hold asks for: explicit seat indices, a general-admission quantity, or best available. */
    public record Request(HoldMode mode, int count, String section, List<Integer> seats) {

        static Request seats(List<Integer> indices) {
            return new Request(HoldMode.SEATS, indices.size(), "", indices);
        }

        static Request generalAdmission(String section, int quantity) {
            return new Request(HoldMode.GENERAL_ADMISSION, quantity, section, List.of());
        }

        static Request bestAvailable(String section, int quantity) {
            return new Request(HoldMode.BEST_AVAILABLE, quantity, section == null ? "" : section, List.of());
        }
    }

    /** A placed hold: expiry (epoch ms), the version its change produced, and the seat indices it took. */
    public record Placed(long expiresAt, long version, List<Integer> seats) {
    }

    /** A hold taken by an order: its places, and when the claim lapses (epoch ms). */
    public record Claim(HoldId holdId, Places places, long expiresAt) {
    }

    /**
     * A consistent read: the version and, per seat index, its state; per GA area, what is still available; the sales
     * window (epoch ms) and the time of the read by the clock the hold script decides by.
     */
    public record Snapshot(long version, String status, String seatStates, Map<String, Integer> available,
            Map<String, Integer> sold, long salesStart, long salesEnd, long readAt) {

        /** Whether holds were taken at the time of the read: on sale, and inside the sales window. */
        public boolean onSale() {
            return EventStatus.ON_SALE.name().equals(status) && salesStart <= readAt && readAt < salesEnd;
        }

        public Instant salesEndAt() {
            return Instant.ofEpochMilli(salesEnd);
        }

        /** How long after the read {@link #onSale()} stays as it is, unless the rules change; MAX_VALUE: for good. */
        long onSaleFixedForMs() {
            if (!EventStatus.ON_SALE.name().equals(status) || readAt >= salesEnd) {
                return Long.MAX_VALUE;
            }
            return (readAt < salesStart ? salesStart : salesEnd) - readAt;
        }
    }

    private final ReactiveRedisDataSource redis;
    private final InventorySource source;
    private final LayoutCache layouts;
    private final RoomSync rooms;
    // the scripts that publish on the event's feed, with this deployment's publish command (FeedPubSub)
    private final LuaScript holdScript;
    private final LuaScript releaseScript;
    private final LuaScript sellScript;
    private final LuaScript unsellScript;
    private final LuaScript initScript;
    private final LuaScript rulesScript;
    private final LuaScript expireScript;
    private final LuaScript offerScript;
    private final LuaScript reconcileScript;

    /** How many offer holds one script may make; a script that needs more says so and {@link #offerMore} goes on. */
    static final int OFFERS_PER_CALL = 4;

    SeatInventory(ReactiveRedisDataSource redis, InventorySource source, LayoutCache layouts, RoomSync rooms,
            FeedPubSub pubSub) {
        this.redis = redis;
        this.source = source;
        this.layouts = layouts;
        this.rooms = rooms;
        this.holdScript = pubSub.script("hold");
        this.releaseScript = pubSub.script("release");
        this.sellScript = pubSub.script("sell");
        this.unsellScript = pubSub.script("unsell");
        this.initScript = pubSub.script("init");
        this.rulesScript = pubSub.script("rules");
        this.expireScript = pubSub.script("expire");
        this.offerScript = pubSub.script("wl_offer");
        this.reconcileScript = pubSub.script("reconcile");
    }

    /** A freshly published event: build its state now rather than on the first hold. */
    @Override
    public Uni<Void> published(Event event) {
        return load(event.id).replaceWithVoid();
    }

    @Override
    public Uni<Void> changed(Event event) {
        return syncRules(event);
    }

    /** Holds stop at once: the status in Redis says CANCELLED. */
    @Override
    public Uni<Void> cancelled(Event event) {
        return syncRules(event);
    }

    /**
     * Sale rules (status, sales window, max seats per order and per user, waiting room) follow the event row at once.
     * A lower per-user cap takes nobody's places away: it only refuses further holds.
     */
    Uni<Void> syncRules(Event event) {
        EventKeys keys = EventKeys.of(event.id);
        List<String> args = new ArrayList<>(List.of(keys.feed()));
        args.addAll(rules(event));
        return rulesScript.run(redis, List.of(keys.meta()), args).chain(() -> rooms.sync(event));
    }

    /** The event's sale rules as the scripts take them: status, sales start and end, max per order, max per user. */
    private static List<String> rules(Event event) {
        return List.of(event.status.name(), Long.toString(event.salesStartAt.toEpochMilli()),
                Long.toString(event.salesEndAt.toEpochMilli()), Integer.toString(event.maxSeatsPerOrder),
                perUserCap(event));
    }

    /** The per-user cap as the scripts read it: 0 for none. */
    private static String perUserCap(Event event) {
        return event.maxSeatsPerUser == null ? "0" : event.maxSeatsPerUser.toString();
    }

    /** {@code admission}: "ok" for a valid admission token, else why not (asked only behind a waiting room). */
    Uni<Placed> hold(EventLayout layout, HoldId holdId, UUID userId, Request request, long ttlMs, String admission) {
        EventKeys keys = EventKeys.of(layout.eventId());
        List<String> args = new ArrayList<>(List.of(keys.feed(), holdId.value(), userId.toString(),
                Long.toString(ttlMs), request.mode().script, Integer.toString(request.count()), request.section(), admission));
        if (request.mode() == HoldMode.SEATS) {
            request.seats().forEach(index -> args.add(index.toString()));
        } else if (request.mode() == HoldMode.BEST_AVAILABLE) {
            for (EventLayout.Row row : layout.candidateRows(request.section().isEmpty() ? null : request.section())) {
                args.add(Integer.toString(row.start()));
                args.add(Integer.toString(row.length()));
            }
        }
        List<String> keyList = List.of(keys.meta(), keys.seats(), keys.ga(), keys.expiry(), keys.hold(holdId.value()),
                keys.room(), keys.admitted(), keys.fresh(), keys.users());
        return loaded(layout.eventId(), () -> holdScript.run(redis, keyList, args)).map(answer -> {
            String outcome = answer.get(0).toString();
            return switch (outcome) {
                case "OK" -> new Placed(answer.get(1).toLong(), answer.get(2).toLong(), indices(answer, 3));
                case "NOT_ON_SALE" -> throw HoldProblems.notOnSale(answer.get(1).toString());
                case "SALES_NOT_STARTED" -> throw HoldProblems.salesNotStarted(
                        Instant.ofEpochMilli(answer.get(1).toLong()));
                case "SALES_ENDED" -> throw HoldProblems.salesEnded(Instant.ofEpochMilli(answer.get(1).toLong()));
                case "ADMISSION_REQUIRED" -> throw HoldProblems.admissionRequired(answer.get(1).toString());
                case "TOO_MANY" -> throw HoldProblems.tooMany(answer.get(1).toInteger());
                case "SEAT_LIMIT" -> throw HoldProblems.seatLimitReached(answer.get(1).toInteger(),
                        answer.get(2).toInteger());
                case "UNAVAILABLE" -> throw unavailable(layout, request, answer);
                default -> throw new IllegalStateException("Unexpected hold answer " + outcome);
            };
        });
    }

    private static SeatsUnavailableException unavailable(EventLayout layout, Request request, Response answer) {
        return switch (request.mode()) {
            case SEATS -> {
                List<String> busy = indices(answer, 1).stream().map(i -> layout.seat(i).id()).toList();
                yield new SeatsUnavailableException(busy, "Not available: " + String.join(", ", busy));
            }
            case GENERAL_ADMISSION -> (SeatsUnavailableException) new SeatsUnavailableException(List.of(),
                    "Only " + answer.get(1).toInteger() + " places left in " + request.section())
                    .with("available", answer.get(1).toInteger());
            case BEST_AVAILABLE -> new SeatsUnavailableException(List.of(),
                    "Not enough free seats for " + request.count());
        };
    }

    /** The holder gives the hold back. Answers false when the hold is not the caller's or no longer held. */
    Uni<Boolean> release(HoldId holdId, UUID userId) {
        EventKeys keys = EventKeys.of(holdId.eventId());
        Offers offers = Offers.next(holdId.eventId());
        List<String> keyList = new ArrayList<>(keys.holdState(holdId.value()));
        keyList.addAll(offers.keys());
        List<String> args = new ArrayList<>(List.of(keys.feed(), holdId.value(), userId == null ? "" : userId.toString()));
        args.addAll(offers.ids());
        return releaseScript.run(redis, keyList, args)
                .call(answer -> "OK".equals(answer.get(0).toString()) ? offerMoreIf(holdId.eventId(), answer.get(2))
                        : Uni.createFrom().voidItem())
                .map(answer -> switch (answer.get(0).toString()) {
                    case "OK" -> true;
                    case "NOT_FOUND" -> throw HoldProblems.notFound();
                    default -> throw stateProblem(answer.get(1).toString());
                });
    }

    /**
     * Fresh hold ids (and their keys) for the offers one script may make to the waiting list: a script cannot build
     * a key of its own (Redis Cluster routes it by its KEYS).
     */
    record Offers(List<String> keys, List<String> ids) {

        static Offers next(UUID eventId) {
            EventKeys keys = EventKeys.of(eventId);
            List<String> ids = new ArrayList<>(OFFERS_PER_CALL);
            List<String> holdKeys = new ArrayList<>(OFFERS_PER_CALL);
            for (int i = 0; i < OFFERS_PER_CALL; i++) {
                String id = HoldId.next(eventId).value();
                ids.add(id);
                holdKeys.add(keys.hold(id));
            }
            return new Offers(holdKeys, ids);
        }
    }

    /** A script ran out of offer holds ({@code more} = 1): offer the rest now. */
    private Uni<Void> offerMoreIf(UUID eventId, Response more) {
        return more != null && more.toInteger() == 1 ? offerMore(eventId) : Uni.createFrom().voidItem();
    }

    /**
     * Offers what is free or held spare to the event's waiting list until nothing more fits (wl_offer.lua); spare
     * places nobody waits for go back on sale.
     */
    public Uni<Void> offerMore(UUID eventId) {
        EventKeys keys = EventKeys.of(eventId);
        Offers offers = Offers.next(eventId);
        List<String> keyList = new ArrayList<>(List.of(keys.meta(), keys.seats(), keys.ga(), keys.expiry(),
                keys.users()));
        keyList.addAll(keys.waitlist());
        keyList.addAll(offers.keys());
        List<String> args = new ArrayList<>(List.of(keys.feed()));
        args.addAll(offers.ids());
        return offerScript.run(redis, keyList, args).chain(answer -> offerMoreIf(eventId, answer.get(1)));
    }

    /** An order that can never succeed (its places are sold) gives its claimed hold back at once. */
    public Uni<Void> releaseClaimed(HoldId holdId) {
        return release(holdId, null).onFailure().recoverWithNull().replaceWithVoid();
    }

    /** The hold's record as the holder sees it, or a null item. */
    Uni<Map<String, String>> read(HoldId holdId) {
        return LuaScript.bounded(redis.hash(String.class).hgetall(EventKeys.of(holdId.eventId()).hold(holdId.value())))
                .map(fields -> fields.isEmpty() ? null : fields);
    }

    /** An order takes the caller's live hold, keeping it alive for at least {@code graceMs}. */
    public Uni<Claim> claim(HoldId holdId, UUID userId, long graceMs) {
        EventKeys keys = EventKeys.of(holdId.eventId());
        return CLAIM.run(redis, List.of(keys.expiry(), keys.hold(holdId.value())),
                List.of(holdId.value(), userId.toString(), Long.toString(graceMs)))
                .map(answer -> switch (answer.get(0).toString()) {
                    case "OK" -> new Claim(holdId, claimed(answer), answer.get(5).toLong());
                    case "NOT_FOUND" -> throw HoldProblems.notFound();
                    default -> throw stateProblem(answer.get(0).toString());
                });
    }

    /** The places of a claimed hold, from claim.lua's answer (mode, seats, section, count). */
    private static Places claimed(Response answer) {
        return HoldMode.ofScript(answer.get(1).toString()) == HoldMode.GENERAL_ADMISSION
                ? Places.area(answer.get(3).toString(), answer.get(4).toInteger())
                : Places.seats(csv(answer.get(2).toString()));
    }

    /** An order that could not commit hands the hold back to its holder. */
    public Uni<Void> unclaim(HoldId holdId) {
        EventKeys keys = EventKeys.of(holdId.eventId());
        return UNCLAIM.run(redis, List.of(keys.expiry(), keys.hold(holdId.value())), List.of(holdId.value()))
                .replaceWithVoid();
    }

    /**
     * After PostgreSQL committed a sale: the places show SOLD. Idempotent (the hold records it). Answers whether the
     * event may now be sold out: true when Redis has no free place left, or does not hold the event's state at all
     * (a rebuild reads the sale from PostgreSQL); PostgreSQL decides ({@link SalesCheck}).
     */
    public Uni<Boolean> markSold(UUID eventId, HoldId holdId, Places places) {
        EventKeys keys = EventKeys.of(eventId);
        List<String> args = new ArrayList<>(List.of(keys.feed(), holdId == null ? "" : holdId.value(),
                places.generalAdmission() ? places.section() : "", Integer.toString(places.count())));
        places.seats().forEach(index -> args.add(index.toString()));
        return sellScript.run(redis, keys.holdState(holdId == null ? "none" : holdId.value()), args)
                .map(answer -> isNotLoaded(answer) || answer.get(2).toInteger() == 1);
    }

    /**
     * After PostgreSQL committed a refund: the places are on sale again and no longer count against the buyer's cap
     * (once per order).
     */
    public Uni<Void> markRefunded(UUID eventId, UUID orderId, UUID buyerId, Places places) {
        EventKeys keys = EventKeys.of(eventId);
        Offers offers = Offers.next(eventId);
        List<String> args = new ArrayList<>(List.of(keys.feed(), places.generalAdmission() ? places.section() : "",
                Integer.toString(places.count()), buyerId == null ? "" : buyerId.toString(),
                Integer.toString(offers.ids().size())));
        args.addAll(offers.ids());
        places.seats().forEach(index -> args.add(index.toString()));
        List<String> keyList = new ArrayList<>(List.of(keys.meta(), keys.seats(), keys.ga(), keys.refunded(orderId),
                keys.users(), keys.expiry()));
        keyList.addAll(keys.waitlist());
        keyList.addAll(offers.keys());
        return unsellScript.run(redis, keyList, args)
                .chain(answer -> "OK".equals(answer.get(0).toString()) ? offerMoreIf(eventId, answer.get(2))
                        : Uni.createFrom().voidItem());
    }

    public Uni<Snapshot> snapshot(UUID eventId) {
        EventKeys keys = EventKeys.of(eventId);
        return loaded(eventId, () -> SNAPSHOT.run(redis, List.of(keys.meta(), keys.seats(), keys.ga()), List.of()))
                .map(answer -> {
                    Map<String, Integer> available = new HashMap<>();
                    Map<String, Integer> sold = new HashMap<>();
                    Response ga = answer.get(4);
                    for (int i = 0; i + 1 < ga.size(); i += 2) {
                        String field = ga.get(i).toString();
                        if (field.endsWith(":sold")) {
                            sold.put(field.substring(0, field.length() - 5), ga.get(i + 1).toInteger());
                        } else if (!field.contains(":")) {
                            available.put(field, ga.get(i + 1).toInteger());
                        }
                    }
                    return new Snapshot(answer.get(1).toLong(), answer.get(2).toString(), answer.get(3).toString(),
                            available, sold, answer.get(5).toLong(), answer.get(6).toLong(), answer.get(7).toLong());
                });
    }

    /**
     * Builds the event's state from PostgreSQL: sold seats SOLD, general-admission areas at capacity minus sold, each
     * buyer's paid places counted for the per-user cap, everything else free (holds are ephemeral). A no-op when the
     * state exists. Joins the sweep index.
     */
    public Uni<Void> load(UUID eventId) {
        return layouts.get(eventId).chain(layout -> source.read(eventId)
                .call(persisted -> rooms.sync(persisted.event())) // the room before the seats: no hold slips past it
                .chain(persisted -> init(layout, persisted)))
                .call(() -> LuaScript.bounded(redis.sortedSet(String.class).zadd(EventKeys.SWEEP_INDEX,
                        System.currentTimeMillis(), eventId.toString()))).replaceWithVoid();
    }

    private Uni<Response> init(EventLayout layout, InventorySource.Persisted persisted) {
        Event event = persisted.event();
        EventKeys keys = EventKeys.of(event.id);
        List<String> args = new ArrayList<>(List.of(keys.feed()));
        args.addAll(rules(event));
        args.addAll(List.of(Integer.toString(layout.seats().size()), Integer.toString(persisted.soldSeatIds().size()),
                Integer.toString(persisted.buyers().size())));
        persisted.soldSeatIds().forEach(id -> args.add(Integer.toString(layout.seat(id).index())));
        persisted.buyers().forEach((buyer, places) -> args.addAll(List.of(buyer, Integer.toString(places))));
        for (EventAreaRepository.AreaSales area : persisted.areas()) {
            args.addAll(List.of(area.section(), Integer.toString(area.capacity()), Integer.toString(area.sold())));
        }
        List<String> keyList = new ArrayList<>(keys.state());
        keyList.add(keys.waitlist().get(2));
        return initScript.run(redis, keyList, args);
    }

    /**
     * Repairs the event's state in PostgreSQL's favour (see {@link ReconcileJob}): seats to show SOLD, seats to show
     * free, general-admission areas whose sold count differs (section -> {as Redis showed it, as PostgreSQL has it}).
     * Each repair applies only if Redis still shows what was seen. Answers how many places were repaired.
     */
    Uni<Integer> repair(UUID eventId, List<Integer> toSold, List<Integer> toFree, Map<String, int[]> areas) {
        EventKeys keys = EventKeys.of(eventId);
        List<String> args = new ArrayList<>(List.of(keys.feed(), Integer.toString(toSold.size()),
                Integer.toString(toFree.size()), Integer.toString(areas.size())));
        toSold.forEach(index -> args.add(index.toString()));
        toFree.forEach(index -> args.add(index.toString()));
        areas.forEach((section, counts) -> args.addAll(List.of(section, Integer.toString(counts[0]),
                Integer.toString(counts[1]))));
        return reconcileScript.run(redis, List.of(keys.meta(), keys.seats(), keys.ga()), args)
                .map(answer -> isNotLoaded(answer) ? 0 : answer.get(1).toInteger());
    }

    /** Events whose Redis state the sweeper and the reconciliation visit (at most {@code limit}). */
    Uni<List<String>> loadedEvents(int limit) {
        return redis.sortedSet(String.class).zrange(EventKeys.SWEEP_INDEX, 0, limit - 1);
    }

    /** Events whose sweep is due: event ids with due time at or before now. */
    Uni<List<String>> eventsToSweep(long now, int limit) {
        return redis.execute("ZRANGEBYSCORE", EventKeys.SWEEP_INDEX, "-inf", Long.toString(now), "LIMIT", "0",
                Integer.toString(limit)).map(answer -> {
                    List<String> ids = new ArrayList<>(answer.size());
                    answer.forEach(id -> ids.add(id.toString()));
                    return ids;
                });
    }

    /**
     * Frees one event's due holds and schedules its next sweep: at its next expiry, but never later than
     * {@code recheckMs} from now (a hold placed meanwhile is seen then). Events that are no longer on sale and have
     * nothing left to expire leave the sweep index.
     */
    Uni<Integer> sweep(UUID eventId, int limit, long recheckMs) {
        EventKeys keys = EventKeys.of(eventId);
        return DUE.run(redis, List.of(keys.meta(), keys.expiry()), List.of(Integer.toString(limit))).chain(due -> {
            String status = due.get(0).toString();
            long nextDue = due.get(1).toLong();
            List<String> holdIds = new ArrayList<>();
            for (int i = 2; i < due.size(); i++) {
                holdIds.add(due.get(i).toString());
            }
            Uni<Integer> freed = holdIds.isEmpty() ? Uni.createFrom().item(0) : expire(keys, holdIds);
            return freed.call(() -> reschedule(eventId, status, holdIds.size() == limit ? 0 : nextDue, recheckMs));
        });
    }

    private Uni<Integer> expire(EventKeys keys, List<String> holdIds) {
        Offers offers = Offers.next(keys.eventId());
        List<String> keyList = new ArrayList<>(keys.state());
        keyList.addAll(keys.waitlist());
        List<String> args = new ArrayList<>(List.of(keys.feed(), Integer.toString(holdIds.size())));
        for (String holdId : holdIds) {
            keyList.add(keys.hold(holdId));
            args.add(holdId);
        }
        keyList.addAll(offers.keys());
        args.addAll(offers.ids());
        return expireScript.run(redis, keyList, args)
                .call(answer -> offerMoreIf(keys.eventId(), answer.get(1)))
                .map(answer -> answer.get(0).toInteger());
    }

    private Uni<Void> reschedule(UUID eventId, String status, long nextDue, long recheckMs) {
        var index = redis.sortedSet(String.class);
        if (!"ON_SALE".equals(status) && nextDue < 0) {
            return index.zrem(EventKeys.SWEEP_INDEX, eventId.toString()).replaceWithVoid();
        }
        long recheck = System.currentTimeMillis() + recheckMs;
        long at = nextDue < 0 ? recheck : Math.min(nextDue, recheck);
        return index.zadd(EventKeys.SWEEP_INDEX, at, eventId.toString()).replaceWithVoid();
    }

    /** Runs a script; if the event's state is missing, rebuilds it from PostgreSQL and runs the script once more. */
    private Uni<Response> loaded(UUID eventId, Supplier<Uni<Response>> script) {
        return script.get().chain(answer -> isNotLoaded(answer)
                ? load(eventId).chain(script::get)
                : Uni.createFrom().item(answer));
    }

    private static boolean isNotLoaded(Response answer) {
        return answer.size() > 0 && NOT_LOADED.equals(answer.get(0).toString());
    }

    private static RuntimeException stateProblem(String state) {
        return switch (state) {
            case "CLAIMED" -> HoldProblems.inCheckout();
            case "SOLD" -> HoldProblems.alreadyOrdered();
            default -> HoldProblems.expired();
        };
    }

    private static List<Integer> indices(Response answer, int from) {
        List<Integer> indices = new ArrayList<>(Math.max(0, answer.size() - from));
        for (int i = from; i < answer.size(); i++) {
            indices.add(answer.get(i).toInteger());
        }
        return indices;
    }

    private static List<Integer> csv(String value) {
        if (value.isEmpty()) {
            return List.of();
        }
        List<Integer> indices = new ArrayList<>();
        for (String part : value.split(",")) {
            indices.add(Integer.parseInt(part));
        }
        return indices;
    }
}
