package io.bookit.event;

import io.bookit.auth.Caller;
import io.bookit.common.DbTime;
import io.bookit.common.Money;
import io.bookit.common.PageQuery;
import io.bookit.common.PageResult;
import io.bookit.common.ProblemException;
import io.bookit.outbox.Outbox;
import io.bookit.venue.Section;
import io.bookit.venue.Venue;
import io.bookit.venue.VenueService;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

@ApplicationScoped
public class EventService {

    static final int DEFAULT_MAX_SEATS_PER_ORDER = 10;
    /** Without a {@code maxSeatsPerUser} on create, one account may hold or buy two full orders' worth of places. */
    static final int DEFAULT_SEATS_PER_USER_FACTOR = 2;

    private final EventRepository events;
    private final EventAreaRepository areas;
    private final VenueService venues;
    private final EventLifecycle lifecycle;

    private final Outbox outbox;
    private final EventCache cache;

    EventService(EventRepository events, EventAreaRepository areas, VenueService venues, EventLifecycle lifecycle,
            Outbox outbox, EventCache cache) {
        this.outbox = outbox;
        this.cache = cache;
        this.events = events;
        this.areas = areas;
        this.venues = venues;
        this.lifecycle = lifecycle;
    }

    @WithTransaction
    public Uni<Event> create(Caller caller, EventDtos.CreateEvent request) {
        return venues.getOwned(caller, request.venueId()).chain(venue -> {
            Instant now = DbTime.now();
            Event event = new Event();
            event.id = UUID.randomUUID();
            event.ownerId = caller.id();
            event.venueId = venue.id;
            event.name = request.name().strip();
            event.description = request.description() == null ? "" : request.description().strip();
            event.startsAt = request.startsAt();
            event.endsAt = request.endsAt();
            event.salesStartAt = request.salesStartAt() == null ? now : request.salesStartAt();
            event.salesEndAt = request.salesEndAt() == null ? event.defaultSalesEnd() : request.salesEndAt();
            event.currency = request.currency();
            event.prices = prices(venue, request.currency(), request.prices());
            event.maxSeatsPerOrder = request.maxSeatsPerOrder() == null
                    ? DEFAULT_MAX_SEATS_PER_ORDER : request.maxSeatsPerOrder();
            event.maxSeatsPerUser = request.maxSeatsPerUser() == null
                    ? Integer.valueOf(DEFAULT_SEATS_PER_USER_FACTOR * event.maxSeatsPerOrder) // boxed: 0 stays null
                    : perUserCap(request.maxSeatsPerUser());
            event.waitingRoom = request.waitingRoom() == null ? null : request.waitingRoom().complete();
            event.transfersAllowed = request.transfersAllowed() == null || request.transfersAllowed();
            event.maxTransfersPerTicket = request.maxTransfersPerTicket() == null
                    ? EventDtos.DEFAULT_MAX_TRANSFERS_PER_TICKET : request.maxTransfersPerTicket();
            event.status = EventStatus.DRAFT;
            event.createdAt = now;
            event.updatedAt = now;
            checkTimes(event);
            return events.persist(event);
        });
    }

    public Uni<Event> update(Caller caller, UUID id, EventDtos.PatchEvent patch) {
        return applyPatch(caller, id, patch).call(this::evict).call(lifecycle::changed);
    }

    @WithTransaction
    Uni<Event> applyPatch(Caller caller, UUID id, EventDtos.PatchEvent patch) {
        return getOwned(caller, id).chain(event -> {
            if (event.status == EventStatus.CANCELLED) {
                throw ProblemException.conflict("event-cancelled", "A cancelled event cannot change");
            }
            boolean layoutChange = patch.venueId() != null || patch.currency() != null || patch.prices() != null;
            if (layoutChange && event.status != EventStatus.DRAFT) {
                throw ProblemException.conflict("event-not-draft",
                        "Venue, currency and prices can change only while the event is a DRAFT");
            }
            Uni<Venue> venue = patch.venueId() != null ? venues.getOwned(caller, patch.venueId())
                    : layoutChange ? venues.get(event.venueId) : Uni.createFrom().nullItem();
            return venue.map(v -> {
                if (v != null) {
                    event.venueId = v.id;
                    event.currency = patch.currency() != null ? patch.currency() : event.currency;
                    List<EventDtos.PriceSpec> specs = patch.prices() != null ? patch.prices()
                            : event.prices.stream().map(p -> new EventDtos.PriceSpec(p.section(), p.price())).toList();
                    event.prices = prices(v, event.currency, specs);
                }
                if (patch.name() != null) {
                    event.name = patch.name().strip();
                }
                if (patch.description() != null) {
                    event.description = patch.description().strip();
                }
                boolean defaultSalesEnd = event.salesEndAt.equals(event.defaultSalesEnd());
                if (patch.startsAt() != null) {
                    event.startsAt = patch.startsAt();
                }
                if (patch.endsAt() != null) {
                    event.endsAt = patch.endsAt();
                }
                if (patch.salesStartAt() != null) {
                    event.salesStartAt = patch.salesStartAt();
                }
                if (patch.salesEndAt() != null) {
                    event.salesEndAt = patch.salesEndAt();
                } else if (defaultSalesEnd) { // a postponed event keeps selling until its new start
                    event.salesEndAt = event.defaultSalesEnd();
                }
                if (patch.maxSeatsPerOrder() != null) {
                    event.maxSeatsPerOrder = patch.maxSeatsPerOrder();
                }
                if (patch.maxSeatsPerUser() != null) {
                    event.maxSeatsPerUser = perUserCap(patch.maxSeatsPerUser());
                }
                if (patch.waitingRoom() != null) {
                    event.waitingRoom = patch.waitingRoom().complete();
                }
                if (patch.transfersAllowed() != null) {
                    event.transfersAllowed = patch.transfersAllowed();
                }
                if (patch.maxTransfersPerTicket() != null) {
                    event.maxTransfersPerTicket = patch.maxTransfersPerTicket();
                }
                checkTimes(event);
                event.updatedAt = DbTime.now();
                return event;
            });
        });
    }

    /** DRAFT → ON_SALE; general-admission areas get their capacity rows, then Redis takes the inventory. */
    public Uni<Event> publish(Caller caller, UUID id) {
        return markOnSale(caller, id).call(this::evict).call(lifecycle::published);
    }

    @WithTransaction
    Uni<Event> markOnSale(Caller caller, UUID id) {
        return getOwned(caller, id).chain(event -> {
            if (event.status != EventStatus.DRAFT) {
                throw ProblemException.conflict("event-not-draft", "Only a DRAFT event can be published");
            }
            if (!event.endsAt.isAfter(Instant.now())) {
                throw ProblemException.conflict("event-ended", "The event is already over");
            }
            event.status = EventStatus.ON_SALE;
            event.updatedAt = DbTime.now();
            return venues.get(event.venueId).chain(venue -> insertAreas(event, venue)).replaceWith(event);
        }).call(event -> outbox.write(EventPublished.TOPIC, new EventPublished(event.id, event.ownerId, event.name,
                event.startsAt, event.endsAt, event.salesStartAt, event.salesEndAt, event.updatedAt)));
    }

    /** What others learn when an event goes on sale (outbox topic {@code event.published}). */
    public record EventPublished(UUID eventId, UUID ownerId, String name, Instant startsAt, Instant endsAt,
            Instant salesStartAt, Instant salesEndAt, Instant publishedAt) {
        public static final String TOPIC = "event.published";
    }

    private Uni<Void> insertAreas(Event event, Venue venue) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Section section : venue.sections) {
            if (!section.seated()) {
                chain = chain.chain(() -> areas.insert(event.id, section.key(), section.capacity()));
            }
        }
        return chain;
    }

    /** Marks the event CANCELLED and stops new holds at once. Refunds follow (see the order package). */
    public Uni<Event> cancel(Caller caller, UUID id) {
        return markCancelled(caller, id).call(this::evict).call(lifecycle::cancelled);
    }

    /** After a committed change of the event's row: public reads show it from now on (see EventCache). */
    private Uni<Void> evict(Event event) {
        // a draft is neither cached nor listed (and no event becomes a draft again): its edits leave the cache alone
        return event.status == EventStatus.DRAFT ? Uni.createFrom().voidItem() : evict(event.id);
    }

    Uni<Void> evict(UUID id) {
        return cache.evict(id);
    }

    /** What others learn when an event is cancelled (outbox topic {@code event.cancelled}). */
    public record EventCancelled(UUID eventId, UUID ownerId, String name, Instant startsAt, Instant cancelledAt) {
        public static final String TOPIC = "event.cancelled";
    }

    @WithTransaction
    Uni<Event> markCancelled(Caller caller, UUID id) {
        return getOwned(caller, id).map(event -> {
            if (event.status == EventStatus.CANCELLED) {
                throw ProblemException.conflict("event-cancelled", "The event is already cancelled");
            }
            event.status = EventStatus.CANCELLED;
            event.updatedAt = DbTime.now();
            return event;
        }).call(event -> outbox.write(EventCancelled.TOPIC,
                new EventCancelled(event.id, event.ownerId, event.name, event.startsAt, event.updatedAt)));
    }

    /** What others learn when an event's places are all sold, once (outbox topic {@code event.sold_out}). */
    public record EventSoldOut(UUID eventId, UUID ownerId, String name, Instant startsAt, int capacity,
            Instant soldOutAt) {
        public static final String TOPIC = "event.sold_out";
    }

    /**
     * Told after sales committed: once {@code placesSold} fills the venue of an on-sale event, the event is marked
     * sold out (a guarded UPDATE: the first caller only) and {@code event.sold_out} written in the same transaction.
     * An event that sells out, gets refunds and sells out again is told once.
     */
    @WithTransaction
    public Uni<Void> noteSales(UUID eventId, long placesSold) {
        return events.findById(eventId).chain(event -> event == null || event.status != EventStatus.ON_SALE
                ? Uni.createFrom().voidItem()
                : venues.get(event.venueId).chain(venue -> placesSold < venue.capacity ? Uni.createFrom().voidItem()
                        : events.markSoldOut(eventId).chain(marked -> !marked ? Uni.createFrom().voidItem()
                                : outbox.write(EventSoldOut.TOPIC, new EventSoldOut(event.id, event.ownerId, event.name,
                                        event.startsAt, venue.capacity, DbTime.now())))));
    }

    /** Anyone may read a published or cancelled event; a draft exists only for its owner. */
    @WithSession
    public Uni<Event> getVisible(Caller caller, UUID id) {
        return events.findById(id).map(event -> {
            if (event == null || !visibleTo(caller, event.status, event.ownerId)) {
                throw ProblemException.notFound("Event");
            }
            return event;
        });
    }

    static boolean visibleTo(Caller caller, EventStatus status, UUID ownerId) {
        return status != EventStatus.DRAFT || (caller != null && caller.owns(ownerId));
    }

    /** The caller's own event (or any, for an administrator). Others get 404 for drafts, 403 otherwise. */
    @WithSession
    public Uni<Event> getOwned(Caller caller, UUID id) {
        return getVisible(caller, id).invoke(event -> {
            if (!caller.owns(event.ownerId)) {
                throw ProblemException.forbidden("This event belongs to another organizer");
            }
        });
    }

    @WithSession
    public Uni<PageResult<Event>> listPublished(String q, Instant from, Instant to, PageQuery page) {
        return events.searchPublished(q, from, to, page.page, page.size)
                .chain(items -> events.countPublished(q, from, to)
                        .map(total -> new PageResult<>(items, page.page, page.size, total)));
    }

    @WithSession
    public Uni<PageResult<Event>> listOwned(Caller caller, PageQuery page) {
        return events.listByOwner(caller.id(), page.page, page.size)
                .chain(items -> events.countByOwner(caller.id())
                        .map(total -> new PageResult<>(items, page.page, page.size, total)));
    }

    /** Every section of the venue priced exactly once, in the currency's minor digits. */
    private static List<Price> prices(Venue venue, String currency, List<EventDtos.PriceSpec> specs) {
        int digits;
        try {
            digits = Money.digits(currency);
        } catch (IllegalArgumentException e) {
            throw ProblemException.validation("currency", "unknown currency " + currency);
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < specs.size(); i++) {
            EventDtos.PriceSpec spec = specs.get(i);
            if (venue.section(spec.section()) == null) {
                throw ProblemException.validation("prices[" + i + "].section", "the venue has no section " + spec.section());
            }
            if (!seen.add(spec.section())) {
                throw ProblemException.validation("prices[" + i + "].section", "section " + spec.section() + " priced twice");
            }
            if (spec.price().stripTrailingZeros().scale() > digits) {
                throw ProblemException.validation("prices[" + i + "].price",
                        currency + " has " + digits + " decimal digits");
            }
        }
        for (Section section : venue.sections) {
            if (!seen.contains(section.key())) {
                throw ProblemException.validation("prices", "section " + section.key() + " has no price");
            }
        }
        return specs.stream().map(s -> new Price(s.section(), s.price().setScale(digits))).toList();
    }

    /** 0 means no per-user cap. */
    private static Integer perUserCap(Integer requested) {
        return requested == null || requested == 0 ? null : requested;
    }

    private static void checkTimes(Event event) {
        if (!event.endsAt.isAfter(event.startsAt)) {
            throw ProblemException.validation("endsAt", "must be after startsAt");
        }
        if (!event.salesStartAt.isBefore(event.endsAt)) {
            throw ProblemException.validation("salesStartAt", "must be before endsAt");
        }
        if (!event.salesEndAt.isAfter(event.salesStartAt)) {
            throw ProblemException.validation("salesEndAt", "must be after salesStartAt");
        }
        if (event.salesEndAt.isAfter(event.endsAt)) {
            throw ProblemException.validation("salesEndAt", "must not be after endsAt");
        }
        if (event.waitingRoom != null && event.waitingRoom.opensAt() != null
                && !event.waitingRoom.opensAt().isBefore(event.endsAt)) {
            throw ProblemException.validation("waitingRoom.opensAt", "must be before endsAt");
        }
    }


}
