package io.bookit.seating;

import io.bookit.event.EventRepository;
import io.bookit.venue.VenueRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Layouts of published events, kept in memory so that the hold path and the seat map never ask PostgreSQL.
 * A published layout never changes, so there is nothing to invalidate; drafts are read fresh every time.
 */
@ApplicationScoped
public class LayoutCache {

    private final Map<UUID, EventLayout> published = new ConcurrentHashMap<>();
    private final EventRepository events;
    private final VenueRepository venues;

    LayoutCache(EventRepository events, VenueRepository venues) {
        this.events = events;
        this.venues = venues;
    }

    /** The event's layout, or a null item when there is no such event. */
    public Uni<EventLayout> get(UUID eventId) {
        EventLayout cached = published.get(eventId);
        return cached != null ? Uni.createFrom().item(cached) : load(eventId);
    }

    @WithSession
    Uni<EventLayout> load(UUID eventId) {
        return events.findById(eventId).chain(event -> event == null ? Uni.createFrom().nullItem()
                : venues.findById(event.venueId).map(venue -> {
                    EventLayout layout = new EventLayout(event, venue);
                    if (!layout.draft()) {
                        published.putIfAbsent(eventId, layout);
                    }
                    return layout;
                }));
    }
}
