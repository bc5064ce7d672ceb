package io.bookit.organizer;

import io.bookit.auth.Caller;
import io.bookit.common.Money;
import io.bookit.common.PageResult;
import io.bookit.event.Event;
import io.bookit.event.EventService;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The attendee list of an event for its organizer: pages as JSON, or every row as a streamed CSV export. */
@ApplicationScoped
public class AttendeeService {

    private final EventService events;
    private final AttendeeRepository attendees;
    private final int csvChunk;

    AttendeeService(EventService events, AttendeeRepository attendees, OrganizerConfig config) {
        this.events = events;
        this.attendees = attendees;
        this.csvChunk = config.csvChunk();
    }

    @WithSession
    public Uni<PageResult<OrganizerDtos.AttendeeView>> page(Caller caller, UUID eventId, AttendeeQuery query) {
        return events.getOwned(caller, eventId)
                .chain(() -> attendees.page(eventId, query.q, query.page, query.size))
                .chain(rows -> attendees.count(eventId, query.q).map(total -> new PageResult<>(
                        rows.stream().map(AttendeeService::view).toList(), query.page, query.size, total)));
    }

    /** The event if the caller may export its attendees: checked before the first byte of the export is sent. */
    public Uni<Event> exportable(Caller caller, UUID eventId) {
        return events.getOwned(caller, eventId);
    }

    /**
     * The header, then the rows in keyset-paginated chunks: each chunk is one query in its own session and one
     * string, so memory stays bounded by the chunk size whatever the event's size.
     */
    public Multi<String> csv(UUID eventId, String q) {
        Multi<String> rows = Multi.createBy().repeating()
                .uni(Cursor::new, cursor -> attendees.chunkAfter(eventId, q, cursor.time, cursor.id, csvChunk)
                        .invoke(cursor::advance))
                .whilst(chunk -> chunk.size() == csvChunk)
                .filter(chunk -> !chunk.isEmpty())
                .map(AttendeeCsv::lines);
        return Multi.createBy().concatenating().streams(Multi.createFrom().item(AttendeeCsv.HEADER), rows);
    }

    /** Where the previous chunk ended. */
    private static final class Cursor {
        Instant time;
        UUID id;

        void advance(List<AttendeeRow> chunk) {
            if (!chunk.isEmpty()) {
                AttendeeRow last = chunk.get(chunk.size() - 1);
                time = last.purchasedAt();
                id = last.ticketId();
            }
        }
    }

    static OrganizerDtos.AttendeeView view(AttendeeRow row) {
        return new OrganizerDtos.AttendeeView(row.ticketId(), row.seatId() != null ? row.seatId() : row.section(),
                row.section(), row.holderName(), row.holderEmail(), row.orderId(), row.orderStatus(),
                row.ticketStatus(), Money.format(row.price(), row.currency()), row.currency(), row.purchasedAt(),
                row.checkedInAt());
    }
}
