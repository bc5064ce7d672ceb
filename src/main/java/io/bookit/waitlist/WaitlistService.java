package io.bookit.waitlist;

import io.bookit.auth.Caller;
import io.bookit.common.DbTime;
import io.bookit.common.ProblemException;
import io.bookit.event.EventService;
import io.bookit.event.EventStatus;
import io.bookit.outbox.Outbox;
import io.bookit.seating.HoldProblems;
import io.bookit.seating.LayoutCache;
import io.bookit.seating.WaitlistInventory;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Joining, reading and leaving the waiting list, and writing what the seat scripts did to it (offers made and ended,
 * logged in Redis) into PostgreSQL. The offers themselves are made by the scripts (seating/WaitlistInventory).
 */
@ApplicationScoped
public class WaitlistService {

    static final int MY_ENTRIES = 100;

    /** A join: the entry and whether it was made by this call (201) or was there already (200). */
    record Joined(WaitlistDtos.EntryView entry, boolean created) {
    }

    /** The waiting list in Redis was not built when the entry was added; thrown to roll the insert back. */
    private static final class NotBuilt extends RuntimeException {
        NotBuilt() {
            super(null, null, false, false);
        }
    }

    private final WaitlistRepository entries;
    private final EventService events;
    private final LayoutCache layouts;
    private final WaitlistInventory inventory;
    private final WaitlistConfig config;
    private final Outbox outbox;

    WaitlistService(WaitlistRepository entries, EventService events, LayoutCache layouts, WaitlistInventory inventory,
            WaitlistConfig config, Outbox outbox) {
        this.entries = entries;
        this.events = events;
        this.layouts = layouts;
        this.inventory = inventory;
        this.config = config;
        this.outbox = outbox;
    }

    Uni<Joined> join(Caller caller, UUID eventId, WaitlistDtos.JoinWaitlist request) {
        return check(caller, eventId, request).chain(existing -> existing != null
                ? view(existing).map(view -> new Joined(view, false))
                : ensureBuilt(eventId).chain(() -> add(caller, eventId, request))
                        .onFailure(NotBuilt.class).recoverWithUni(() -> rebuild(eventId)
                                .chain(() -> add(caller, eventId, request)))
                        .onFailure(failure -> !(failure instanceof ProblemException))
                        .recoverWithUni(failure -> alreadyIn(caller, eventId, failure))
                        .invoke(joined -> Log.debugf("Waiting list of %s: %s", eventId, joined.entry().id())));
    }

    /** The request against the event, and the caller's live entry if there is one. */
    @WithSession
    Uni<WaitlistEntry> check(Caller caller, UUID eventId, WaitlistDtos.JoinWaitlist request) {
        return events.getVisible(caller, eventId).chain(event -> layouts.get(eventId).chain(layout -> {
            if (event.status != EventStatus.ON_SALE) {
                throw HoldProblems.eventNotOnSale("The event is " + event.status + "; it has no waiting list")
                        .with("eventStatus", event.status.name());
            }
            if (request.quantity() > event.maxSeatsPerOrder) {
                throw ProblemException.validation("quantity", "At most " + event.maxSeatsPerOrder + " per order");
            }
            if (request.section() != null && !layout.hasSection(request.section())) {
                throw ProblemException.validation("section", "No section " + request.section() + " at this event");
            }
            return entries.findLive(eventId, caller.id());
        }));
    }

    /** A concurrent join of the same user won the unique index: answer its entry (other failures stand). */
    private Uni<Joined> alreadyIn(Caller caller, UUID eventId, Throwable failure) {
        return findLive(eventId, caller.id()).chain(existing -> existing == null ? Uni.createFrom().failure(failure)
                : view(existing).map(view -> new Joined(view, false)));
    }

    @WithSession
    Uni<WaitlistEntry> findLive(UUID eventId, UUID userId) {
        return entries.findLive(eventId, userId);
    }

    /**
     * Inserts the entry and puts it on the Redis list in one transaction: if the places asked for are on sale, the
     * script refuses and the insert rolls back (409 seats-available). The unique index takes the loser of two
     * concurrent joins of one user; its Redis entry is taken off again.
     */
    @WithTransaction
    Uni<Joined> add(Caller caller, UUID eventId, WaitlistDtos.JoinWaitlist request) {
        Instant now = DbTime.now();
        WaitlistEntry entry = new WaitlistEntry();
        entry.id = UUID.randomUUID();
        entry.eventId = eventId;
        entry.userId = caller.id();
        entry.quantity = request.quantity();
        entry.section = request.section();
        entry.together = Boolean.TRUE.equals(request.together());
        entry.status = WaitlistStatus.WAITING;
        entry.createdAt = now;
        entry.updatedAt = now;
        return entries.nextPosition().invoke(position -> entry.position = position)
                .chain(() -> entries.persist(entry)).call(() -> entries.flush())
                .chain(() -> inventory.join(eventId, waiting(entry)))
                .chain(joined -> switch (joined) {
                    case WAITING -> view(entry).map(view -> new Joined(view, true));
                    case AVAILABLE -> Uni.createFrom().failure(ProblemException.conflict("seats-available",
                            "The places asked for are on sale now: hold them instead"));
                    case NOT_ON_SALE -> Uni.createFrom().failure(HoldProblems.eventNotOnSale(
                            "The event does not sell now; it has no waiting list"));
                    case NOT_BUILT -> Uni.createFrom().failure(new NotBuilt());
                })
                .call(() -> inventory.register(eventId))
                .onFailure(failure -> !(failure instanceof ProblemException) && !(failure instanceof NotBuilt))
                .call(() -> inventory.leave(eventId, entry.id, null));
    }

    private static WaitlistInventory.Waiting waiting(WaitlistEntry entry) {
        return new WaitlistInventory.Waiting(entry.id, entry.position, entry.userId, entry.quantity, entry.section,
                entry.together, 0);
    }

    private Uni<Void> ensureBuilt(UUID eventId) {
        return inventory.built(eventId).chain(built -> built ? Uni.createFrom().voidItem() : rebuild(eventId));
    }

    /**
     * Rebuilds the event's list in Redis from PostgreSQL after Redis lost it: offers whose holds went with it wait
     * again at their position; then what is free is offered.
     */
    public Uni<Void> rebuild(UUID eventId) {
        return reopen(eventId).chain(waiting -> inventory.build(eventId, waiting, config.offerTtl(),
                config.maxPasses()));
    }

    @WithTransaction
    Uni<List<WaitlistInventory.Waiting>> reopen(UUID eventId) {
        return entries.reopenOffers(eventId, DbTime.now())
                .chain(() -> entries.live(eventId))
                .map(live -> live.stream().map(WaitlistService::waiting).toList());
    }

    @WithSession
    Uni<WaitlistDtos.MyWaitlist> mine(Caller caller) {
        return entries.mine(caller.id(), MY_ENTRIES).chain(list -> Multi.createFrom().iterable(list)
                .onItem().transformToUniAndConcatenate(this::view).collect().asList())
                .map(WaitlistDtos.MyWaitlist::new);
    }

    /** Leaves the list: the entry is LEFT, its offer (if any) released and passed on. Another user's entry: 404. */
    Uni<Void> leave(Caller caller, UUID entryId) {
        return markLeft(caller, entryId).chain(left -> left == null ? Uni.createFrom().voidItem()
                : inventory.leave(left.eventId, left.id, left.holdId));
    }

    /** The entry as it was before it was marked LEFT, or null when it had ended already. */
    @WithTransaction
    Uni<WaitlistEntry> markLeft(Caller caller, UUID entryId) {
        return entries.findById(entryId).chain(entry -> {
            if (entry == null || !entry.userId.equals(caller.id())) {
                throw ProblemException.notFound("Waiting-list entry");
            }
            if (!entry.live()) {
                return Uni.createFrom().nullItem();
            }
            return entries.markLeft(entryId, DbTime.now())
                    .map(changed -> changed == 1 ? entry : null);
        });
    }

    /** How many wait for the event (the organizer's stats). Needs a session. */
    public Uni<Long> waitingCount(UUID eventId) {
        return entries.waiting(eventId);
    }

    /**
     * Applies lines of the Redis log in order, in one transaction: an offer made (WAITING → OFFERED, and its mail into
     * the outbox) or ended (DONE when sold, EXPIRED otherwise). Each change is guarded, so a line applied twice changes
     * nothing. Answers the offers whose entry had left meanwhile: their holds are to be released.
     */
    @WithTransaction
    Uni<List<WaitlistInventory.Logged>> apply(List<WaitlistInventory.Logged> lines) {
        Instant now = DbTime.now();
        List<WaitlistInventory.Logged> orphans = new ArrayList<>();
        return Multi.createFrom().iterable(lines).onItem().transformToUniAndConcatenate(line -> line.offered()
                ? entries.markOffered(line.entryId(), line.holdId(), Instant.ofEpochMilli(line.expiresAt()), now)
                        .chain(changed -> changed == 1 ? offered(line, now)
                                : entries.currentStatus(line.entryId()).invoke(status -> {
                                    if (status != WaitlistStatus.OFFERED) {
                                        orphans.add(line);
                                    }
                                }).replaceWithVoid())
                : entries.markOfferEnded(line.entryId(), line.holdId(), "SOLD".equals(line.how())
                        ? WaitlistStatus.DONE : WaitlistStatus.EXPIRED, now).replaceWithVoid())
                .collect().asList().replaceWith(orphans);
    }

    /** The offer's mail into the outbox (the entry's request never changes; the offer comes from the log line). */
    private Uni<Void> offered(WaitlistInventory.Logged line, Instant now) {
        return entries.findById(line.entryId()).chain(entry -> outbox.write(WaitlistEvents.WaitlistOffered.TOPIC,
                WaitlistEvents.WaitlistOffered.of(entry, line.holdId(), Instant.ofEpochMilli(line.expiresAt()), now)));
    }

    /** Closes the lists of events that are over (see {@link WaitlistRepository#closeOver}); answers them. */
    @WithTransaction
    Uni<List<UUID>> closeOver() {
        return entries.closeOver(DbTime.now());
    }

    /** The events that have entries waiting or offered. */
    @WithSession
    Uni<List<UUID>> eventsWithLiveEntries() {
        return entries.eventsWithLiveEntries();
    }

    /** Whether the event still has entries that wait or are offered (else the job stops visiting it). */
    @WithSession
    Uni<Boolean> hasLive(UUID eventId) {
        return entries.liveCount(eventId).map(count -> count > 0);
    }

    private Uni<WaitlistDtos.EntryView> view(WaitlistEntry entry) {
        Uni<Long> rank = entry.status == WaitlistStatus.WAITING ? entries.rank(entry) : Uni.createFrom().nullItem();
        return rank.map(position -> new WaitlistDtos.EntryView(entry.id, entry.eventId, position, entry.quantity,
                entry.section, entry.together, entry.status, entry.status == WaitlistStatus.OFFERED ? entry.holdId : null,
                entry.status == WaitlistStatus.OFFERED ? entry.offerExpiresAt : null));
    }
}
