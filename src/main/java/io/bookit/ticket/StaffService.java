package io.bookit.ticket;

import io.bookit.auth.Caller;
import io.bookit.auth.User;
import io.bookit.auth.UserRepository;
import io.bookit.common.DbTime;
import io.bookit.common.ProblemException;
import io.bookit.event.Event;
import io.bookit.event.EventRepository;
import io.bookit.event.EventService;
import io.bookit.event.EventStatus;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;

/** Event staff: the owner grants and revokes; owner and staff may scan tickets and fetch the check-in bundle. */
@ApplicationScoped
class StaffService {

    private final StaffRepository staff;
    private final EventService eventService;
    private final EventRepository events;
    private final UserRepository users;

    StaffService(StaffRepository staff, EventService eventService, EventRepository events, UserRepository users) {
        this.staff = staff;
        this.eventService = eventService;
        this.events = events;
        this.users = users;
    }

    @WithTransaction
    Uni<TicketDtos.StaffView> grant(Caller caller, UUID eventId, String email) {
        return eventService.getOwned(caller, eventId)
                .chain(event -> users.findByEmail(email.strip().toLowerCase(Locale.ROOT)))
                .chain(user -> {
                    if (user == null) {
                        throw ProblemException.notFound("User");
                    }
                    return staff.grant(eventId, user.id, caller.id(), DbTime.now())
                            .replaceWith(new TicketDtos.StaffView(eventId, user.id, user.email, user.displayName));
                });
    }

    @WithTransaction
    Uni<Void> revoke(Caller caller, UUID eventId, UUID userId) {
        return eventService.getOwned(caller, eventId).chain(() -> staff.revoke(eventId, userId)).replaceWithVoid();
    }

    /** The event's staff (owner only), in the order they were granted. */
    @WithSession
    Uni<List<TicketDtos.StaffView>> list(Caller caller, UUID eventId) {
        return eventService.getOwned(caller, eventId).chain(() -> staff.userIds(eventId)).chain(ids -> ids.isEmpty()
                ? Uni.createFrom().item(List.<TicketDtos.StaffView> of())
                : users.list("id in ?1", ids).map(found -> {
                    Map<UUID, User> byId = found.stream().collect(Collectors.toMap(u -> u.id, u -> u));
                    return ids.stream().map(byId::get).filter(Objects::nonNull)
                            .map(u -> new TicketDtos.StaffView(eventId, u.id, u.email, u.displayName)).toList();
                }));
    }

    /** The event, when the caller owns it or is its staff: 404 for an unknown event (or another's draft), else 403. */
    @WithSession
    Uni<Event> requireCheckinAccess(Caller caller, UUID eventId) {
        return events.findById(eventId).chain(event -> {
            if (event == null) {
                throw ProblemException.notFound("Event");
            }
            if (caller.owns(event.ownerId)) {
                return Uni.createFrom().item(event);
            }
            return staff.isStaff(eventId, caller.id()).map(isStaff -> {
                if (!isStaff) {
                    if (event.status == EventStatus.DRAFT) {
                        throw ProblemException.notFound("Event");
                    }
                    throw ProblemException.forbidden("Only the event's owner or its staff can check tickets in");
                }
                return event;
            });
        });
    }
}
