package io.bookit.ticket;

import io.bookit.auth.Caller;
import io.bookit.auth.User;
import io.bookit.auth.UserRepository;
import io.bookit.common.LocalTimes;
import io.bookit.common.Workers;
import io.bookit.event.Event;
import io.bookit.event.EventRepository;
import io.bookit.venue.Section;
import io.bookit.venue.Venue;
import io.bookit.venue.VenueRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Tickets as a PDF (see {@link TicketPdf}), for the holder's download, the order's download and the confirmation
 * mail. Reads in one session, renders on a worker thread outside it. Callers check who may see the tickets.
 */
@ApplicationScoped
public class TicketPdfs {

    public static final String CONTENT_TYPE = TicketPdf.CONTENT_TYPE;

    private final TicketRepository tickets;
    private final TicketCodeService codes;
    private final EventRepository events;
    private final VenueRepository venues;
    private final UserRepository users;

    TicketPdfs(TicketRepository tickets, TicketCodeService codes, EventRepository events, VenueRepository venues,
            UserRepository users) {
        this.tickets = tickets;
        this.codes = codes;
        this.events = events;
        this.venues = venues;
        this.users = users;
    }

    /** Every ticket of the order, one page each in seat order; a null item when the order has none (yet). */
    public Uni<byte[]> ofOrder(UUID orderId) {
        return ofOrder(orderId, null);
    }

    /**
     * The order's tickets that {@code viewer} may see: all of them for the event's owner (or a null viewer), else those
     * the viewer holds: a ticket transferred to someone else carries its new holder's code. A null item for none.
     */
    public Uni<byte[]> ofOrder(UUID orderId, Caller viewer) {
        return pagesOfOrder(orderId, viewer)
                .chain(pages -> pages.isEmpty() ? Uni.createFrom().nullItem() : render(pages));
    }

    /** The ticket as a PDF if {@code holderId} holds it now; else a null item (its code is someone else's). */
    public Uni<byte[]> ofTicketHeldBy(UUID ticketId, UUID holderId) {
        return heldBy(ticketId, holderId).chain(ticket -> ticket == null ? Uni.createFrom().nullItem() : of(ticket));
    }

    @WithSession
    Uni<Ticket> heldBy(UUID ticketId, UUID holderId) {
        return tickets.findById(ticketId).map(t -> t != null && t.holderId.equals(holderId) ? t : null);
    }

    Uni<byte[]> of(Ticket ticket) {
        return pages(List.of(ticket)).chain(this::render);
    }

    private Uni<byte[]> render(List<TicketPdf.Page> pages) {
        String title = "Tickets \u2013 " + pages.get(0).eventName();
        return Workers.call(() -> TicketPdf.render(title, pages));
    }

    @WithSession
    Uni<List<TicketPdf.Page>> pagesOfOrder(UUID orderId, Caller viewer) {
        return tickets.listByOrder(orderId).chain(all -> all.isEmpty() || viewer == null ? pages(all)
                : events.findById(all.get(0).eventId).chain(event -> pages(viewer.owns(event.ownerId) ? all
                        : all.stream().filter(ticket -> viewer.id().equals(ticket.holderId)).toList())));
    }

    /** The tickets' pages; all of them belong to one event (an order's, or a single ticket). */
    @WithSession
    Uni<List<TicketPdf.Page>> pages(List<Ticket> issued) {
        if (issued.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<UUID> holderIds = issued.stream().map(t -> t.holderId).distinct().toList();
        return events.findById(issued.get(0).eventId)
                .chain(event -> venues.findById(event.venueId)
                        .chain(venue -> users.list("id in ?1", holderIds)
                                .map(found -> found.stream().collect(Collectors.toMap(u -> u.id, Function.identity())))
                                .chain(holders -> pages(issued, event, venue, holders))));
    }

    private Uni<List<TicketPdf.Page>> pages(List<Ticket> issued, Event event, Venue venue, Map<UUID, User> holders) {
        return Multi.createFrom().iterable(issued)
                .onItem().transformToUniAndConcatenate(ticket -> page(ticket, event, venue, holders))
                .collect().asList();
    }

    private Uni<TicketPdf.Page> page(Ticket ticket, Event event, Venue venue, Map<UUID, User> holders) {
        Uni<String> code = ticket.status == TicketStatus.VOID ? Uni.createFrom().nullItem()
                : codes.codeFor(ticket);
        Section section = venue.section(ticket.section);
        User holder = holders.get(ticket.holderId);
        return code.map(text -> new TicketPdf.Page(ticket.id, ticket.orderId, event.name,
                LocalTimes.span(event.startsAt, event.endsAt, venue.timezone), venue.name, venue.address,
                ticket.place(), ticket.seatId != null, section == null ? ticket.section : section.name(),
                holder == null ? "" : holder.displayName, text));
    }
}
