package io.bookit.seating;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.bookit.event.EventRepository;
import io.bookit.venue.VenueRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * Layouts of published events, kept in memory so that the hold path and the seat map do not ask PostgreSQL for them.
 * A published layout never changes, so there is nothing to invalidate; drafts are read fresh every time. The cache
 * holds at most {@code bookit.seating.layout-cache-places} seats and areas in all (about 150 bytes each): past
 * events and rarely asked ones make room for busy ones and are read again when asked.
 */
@ApplicationScoped
public class LayoutCache {

    private final Cache<UUID, EventLayout> published;
    private final EventRepository events;
    private final VenueRepository venues;

    LayoutCache(EventRepository events, VenueRepository venues, MeterRegistry metrics, SeatingConfig config) {
        this.events = events;
        this.venues = venues;
        this.published = Caffeine.newBuilder()
                .maximumWeight(config.layoutCachePlaces())
                .weigher((UUID id, EventLayout layout) -> Math.max(1, layout.places()))
                .executor(Runnable::run) // evict on the caller, not on the common pool
                .build();
        metrics.gauge("bookit.layout.cache.places", published,
                cache -> cache.policy().eviction().orElseThrow().weightedSize().orElse(0));
    }

    /** The event's layout, or a null item when there is no such event. */
    public Uni<EventLayout> get(UUID eventId) {
        EventLayout cached = published.getIfPresent(eventId);
        return cached != null ? Uni.createFrom().item(cached) : load(eventId);
    }

    @WithSession
    Uni<EventLayout> load(UUID eventId) {
        return events.findById(eventId).chain(event -> event == null ? Uni.createFrom().nullItem()
                : venues.findById(event.venueId).map(venue -> {
                    EventLayout layout = new EventLayout(event, venue);
                    if (!layout.draft()) {
                        published.asMap().putIfAbsent(eventId, layout);
                    }
                    return layout;
                }));
    }
}
