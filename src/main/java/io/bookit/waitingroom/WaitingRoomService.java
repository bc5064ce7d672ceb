package io.bookit.waitingroom;

import io.bookit.auth.Caller;
import io.bookit.common.LuaScript;
import io.bookit.common.ProblemException;
import io.bookit.seating.EventKeys;
import io.bookit.seating.HoldProblems;
import io.bookit.seating.LayoutCache;
import io.bookit.seating.SeatInventory;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Joining, reading and leaving an event's waiting room. Its state lives in Redis beside the event's seat state
 * (one hash tag), shared by every instance; admissions happen in {@link AdmissionJob}.
 */
@ApplicationScoped
public class WaitingRoomService {

    private static final LuaScript ENTRY = LuaScript.load("queue_entry");
    private static final LuaScript LEAVE = LuaScript.load("queue_leave");

    private final ReactiveRedisDataSource redis;
    private final LayoutCache layouts;
    private final SeatInventory inventory;
    private final AdmissionTokens tokens;
    private final MeterRegistry metrics;
    private final AdmissionMemory refusals;

    WaitingRoomService(ReactiveRedisDataSource redis, LayoutCache layouts, SeatInventory inventory,
            AdmissionTokens tokens, MeterRegistry metrics, AdmissionMemory refusals) {
        this.redis = redis;
        this.layouts = layouts;
        this.inventory = inventory;
        this.tokens = tokens;
        this.metrics = metrics;
        this.refusals = refusals;
    }

    /** Joins the queue, or answers the caller's existing entry. */
    Uni<QueueEntry> join(Caller caller, UUID eventId) {
        return layouts.get(eventId).chain(layout -> {
            if (layout == null || layout.draft()) {
                throw ProblemException.notFound("Event");
            }
            return entry("join", QueueId.of(eventId, caller.id()));
        }).invoke(() -> metrics.counter("bookit.queue.joins").increment());
    }

    Uni<QueueEntry> status(Caller caller, String id) {
        return entry("status", owned(caller, id));
    }

    /** The caller leaves the queue, or ends their shopping session and frees the slot. */
    Uni<Void> leave(Caller caller, String id) {
        QueueId queueId = owned(caller, id);
        return leave(queueId.eventId(), queueId.userId(), "LEFT").invoke(left -> {
            if (!left) {
                throw notFound();
            }
        }).replaceWithVoid();
    }

    /** A placed order ends the buyer's shopping session (if they had one), so the next shopper gets the slot. */
    public Uni<Void> orderPlaced(UUID eventId, UUID buyerId) {
        return leave(eventId, buyerId, "ORDER_PLACED").replaceWithVoid();
    }

    private Uni<Boolean> leave(UUID eventId, UUID userId, String why) {
        return LEAVE.run(redis, EventKeys.of(eventId).roomState(), List.of(userId.toString(), why))
                .map(left -> left.toInteger() == 1);
    }

    private static QueueId owned(Caller caller, String id) {
        QueueId queueId = QueueId.parse(id);
        if (queueId == null || !queueId.userId().equals(caller.id())) {
            throw notFound();
        }
        return queueId;
    }

    private Uni<QueueEntry> entry(String op, QueueId id) {
        List<String> keys = EventKeys.of(id.eventId()).roomState();
        List<String> args = List.of(op, id.userId().toString(), Double.toString(ThreadLocalRandom.current().nextDouble()));
        return ENTRY.run(redis, keys, args)
                .chain(answer -> "NOT_LOADED".equals(answer.get(0).toString())
                        ? inventory.load(id.eventId()).chain(() -> ENTRY.run(redis, keys, args))
                        : Uni.createFrom().item(answer))
                .map(answer -> view(op, id, answer))
                .invoke(this::learnRoom);
    }

    /**
     * What a queue answer tells about the room, for the early refusal of token-less holds (see AdmissionMemory): a
     * drawn position or an admission token means the room is on and the sale running, so a crowd that joins and
     * polls keeps the instance knowing it (its first token-less holds included); ADMITTED without a token means
     * the owner switched the room off. Before sales start nothing is learned: a hold then is refused as not started.
     */
    private void learnRoom(QueueEntry entry) {
        if (entry.admissionToken() != null || entry.status().equals("WAITING") && entry.position() != null) {
            refusals.admissionRequired(entry.eventId());
        } else if (entry.status().equals("ADMITTED")) {
            refusals.admissionNotRequired(entry.eventId());
        }
    }

    private QueueEntry view(String op, QueueId id, Response answer) {
        String queueId = id.value();
        return switch (answer.get(0).toString()) {
            case "ADMITTED" -> {
                long until = answer.get(1).toLong();
                yield new QueueEntry(queueId, id.eventId(), "ADMITTED", null, 0L,
                        tokens.issue(id.eventId(), id.userId(), until), Instant.ofEpochMilli(until), null);
            }
            case "WAITING" -> waiting(queueId, id.eventId(), answer);
            case "SOLD_OUT" -> new QueueEntry(queueId, id.eventId(), "SOLD_OUT", null, null, null, null, null);
            case "EXPIRED" -> expired(queueId, id.eventId(), answer.get(1).toString());
            // the owner switched the room off: shop without a token
            case "OPEN" -> new QueueEntry(queueId, id.eventId(), "ADMITTED", null, 0L, null, null, null);
            case "CLOSED" -> {
                if (op.equals("join")) {
                    throw HoldProblems.eventNotOnSale("The event is " + answer.get(1) + "; it is not on sale")
                            .with("eventStatus", answer.get(1).toString());
                }
                yield expired(queueId, id.eventId(), "EVENT_" + answer.get(1));
            }
            case "ENDED" -> {
                if (op.equals("join")) {
                    throw HoldProblems.salesEnded(Instant.ofEpochMilli(answer.get(1).toLong()));
                }
                yield expired(queueId, id.eventId(), "SALES_ENDED");
            }
            case "NO_ROOM" -> throw ProblemException.conflict("no-waiting-room",
                    "This event has no waiting room: hold seats directly");
            case "NOT_OPEN" -> {
                Instant opensAt = Instant.ofEpochMilli(answer.get(1).toLong());
                throw ProblemException.conflict("queue-not-open", "The waiting room opens at " + opensAt)
                        .with("opensAt", opensAt.toString());
            }
            case "NOT_FOUND" -> throw notFound();
            default -> throw new IllegalStateException("Unexpected queue answer " + answer.get(0));
        };
    }

    /**
     * Position and an honest estimate: the measured admission rate (the configured one until there is a
     * measurement); none while admissions stand still. Before sales start the rank is not drawn yet: the estimate is
     * the time to the start plus the wait of the middle of the draw.
     */
    private static QueueEntry waiting(String queueId, UUID eventId, Response answer) {
        int position = answer.get(1).toInteger();
        int waiting = answer.get(2).toInteger();
        long salesStart = answer.get(3).toLong();
        String measured = answer.get(5).toString();
        double perMinute = measured.isEmpty() ? answer.get(4).toDouble() : Double.parseDouble(measured);
        double ahead = position > 0 ? position : (waiting + 1) / 2.0;
        Long wait = perMinute < 1e-6 ? null : (long) Math.ceil(ahead * 60 / perMinute);
        if (wait != null && position == 0) {
            wait += Math.max(0, (salesStart - System.currentTimeMillis() + 999) / 1000);
        }
        return new QueueEntry(queueId, eventId, "WAITING", position > 0 ? position : null, wait, null, null, null);
    }

    private static QueueEntry expired(String queueId, UUID eventId, String why) {
        return new QueueEntry(queueId, eventId, "EXPIRED", null, null, null, null, why);
    }

    private static ProblemException notFound() {
        return new ProblemException(404, "queue-entry-not-found", "Queue entry not found", "No such queue entry of yours");
    }
}
