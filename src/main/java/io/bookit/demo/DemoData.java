package io.bookit.demo;

import io.bookit.auth.AuthService;
import io.bookit.auth.Caller;
import io.bookit.auth.Role;
import io.bookit.auth.UserRepository;
import io.bookit.event.Event;
import io.bookit.event.EventDtos;
import io.bookit.event.EventService;
import io.bookit.venue.VenueService;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Set;

/**
 * Seeds a demo organizer, an attendee, a venue (300 numbered seats and a 200-place standing area) and two events on
 * sale, one of them behind a waiting room, so a newcomer sees every feature at once. On only where {@code bookit.demo.seed=true} (the dev profile);
 * does nothing when the demo organizer exists.
 */
@ApplicationScoped
class DemoData {

    @ConfigMapping(prefix = "bookit.demo")
    interface DemoConfig {
        @WithDefault("false")
        boolean seed();

        @WithDefault("bookit-demo")
        String password();
    }

    static final String ORGANIZER = "organizer@bookit.local";
    static final String ATTENDEE = "attendee@bookit.local";

    private final DemoConfig config;
    private final AuthService auth;
    private final UserRepository users;
    private final DemoEvent demoEvent;

    DemoData(DemoConfig config, AuthService auth, UserRepository users, DemoEvent demoEvent) {
        this.config = config;
        this.auth = auth;
        this.users = users;
        this.demoEvent = demoEvent;
    }

    void seed(@Observes StartupEvent started) throws Throwable {
        if (!config.seed()) {
            return;
        }
        String eventId = VertxContextSupport.subscribeAndAwait(this::seedOnce);
        Log.info("""

                Bookit demo data is ready. Log in as the organizer (the attendee is %s, same password):
                  curl -s -X POST localhost:8080/api/auth/login -H 'content-type: application/json' \\
                       -d '{"email":"%s","password":"%s"}'
                Demo event on sale: /api/events/%s (seat map: /api/events/%s/seats); "Flash Sale Night" sells
                through a waiting room (docs/WAITING_ROOM.md). API docs: /q/swagger-ui
                """.formatted(ATTENDEE, ORGANIZER, config.password(), eventId, eventId));
    }

    @WithSession
    Uni<String> seedOnce() {
        return users.findByEmail(ORGANIZER).chain(existing -> existing != null
                ? demoEvent.existing(existing.id)
                : auth.register(ATTENDEE, config.password(), "Demo Attendee", Role.ATTENDEE)
                        .chain(() -> auth.register(ORGANIZER, config.password(), "Demo Organizer", Role.ORGANIZER))
                        .chain(organizer -> demoEvent.create(new Caller(organizer.id, organizer.email,
                                organizer.displayName, Set.of(Role.ORGANIZER)))));
    }

    /** The venue and event part, through the same services the API uses. */
    @ApplicationScoped
    static class DemoEvent {

        private final VenueService venues;
        private final EventService events;

        DemoEvent(VenueService venues, EventService events) {
            this.venues = venues;
            this.events = events;
        }

        Uni<String> create(Caller organizer) {
            return venues.create(organizer, DemoLayouts.arena())
                    .chain(venue -> publish(organizer, DemoLayouts.flashSale(venue.id))
                            .chain(() -> publish(organizer, DemoLayouts.openingNight(venue.id))))
                    .map(event -> event.id.toString());
        }

        private Uni<Event> publish(Caller organizer, EventDtos.CreateEvent event) {
            return events.create(organizer, event).chain(created -> events.publish(organizer, created.id));
        }

        @WithSession
        Uni<String> existing(java.util.UUID organizerId) {
            return events.listOwned(new Caller(organizerId, ORGANIZER, "", Set.of(Role.ORGANIZER)),
                    io.bookit.common.PageQuery.of(0, 1))
                    .map(page -> page.items().isEmpty() ? "(none)" : page.items().get(0).id.toString());
        }
    }
}
