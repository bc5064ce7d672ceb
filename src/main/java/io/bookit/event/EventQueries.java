package io.bookit.event;

import io.bookit.auth.Caller;
import io.bookit.common.PageQuery;
import io.bookit.common.PageResult;
import io.bookit.common.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;

/** The public reads of events (details and listing), through the {@link EventCache}. */
@ApplicationScoped
class EventQueries {

    private final EventCache cache;
    private final EventService events;
    private final EventRepository repository;
    private final EventImages images;

    EventQueries(EventCache cache, EventService events, EventRepository repository, EventImages images) {
        this.cache = cache;
        this.events = events;
        this.repository = repository;
        this.images = images;
    }

    /** As {@link EventService#getVisible}: anyone sees a published or cancelled event, a draft only its owner. */
    Uni<CachedRead<EventDtos.EventView>> details(Caller caller, UUID id) {
        return cache.details(id, () -> load(id)).map(read -> {
            if (read == null || !EventService.visibleTo(caller, read.value().status(), read.value().ownerId())) {
                throw ProblemException.notFound("Event");
            }
            return read;
        });
    }

    Uni<CachedRead<PageResult<EventDtos.EventView>>> listing(String q, Instant from, Instant to, PageQuery page) {
        return cache.listing(q, from, to, page,
                () -> events.listPublished(q, from, to, page).map(result -> result.map(images::view)));
    }

    /** The event whoever asks (the caller is checked afterwards, so concurrent misses can share it), or null. */
    @WithSession
    Uni<EventDtos.EventView> load(UUID id) {
        return repository.findById(id).map(event -> event == null ? null : images.view(event));
    }
}
