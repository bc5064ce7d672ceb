package io.bookit.seating;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.bookit.auth.Caller;
import io.bookit.common.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The seat map: the cached layout joined with one consistent Redis read of states and version. The layout and the
 * seat maps are encoded once and served as bytes: a published layout never changes (kept until the cache needs
 * room, {@code bookit.seating.layout-document-bytes} in all), a seat map (JSON or compact) is kept for the event's
 * latest version read (versions are never reused, a rebuilt state starts above every version served before; JSON maps
 * up to {@code bookit.seating.seat-map-document-bytes} in all).
 */
@ApplicationScoped
public class SeatMapService {

    /**
     * A seat map answer encoded at one version. The JSON map also carries {@code onSale}, which changes with time at
     * the same version (sales open or end), so its document is reused only while that holds too.
     */
    record VersionedDocument(long version, boolean onSale, boolean draft, SeatMapDocument document) {
    }

    /** A layout encoded; a draft's may still change. */
    record LayoutDocument(boolean draft, SeatMapDocument document) {
    }

    private final LayoutCache layouts;
    private final SeatInventory inventory;
    private final ObjectMapper json;
    private final Cache<UUID, SeatMapDocument> layoutDocuments;
    private final Cache<UUID, VersionedDocument> compactDocuments;
    private final Cache<UUID, VersionedDocument> jsonDocuments;

    SeatMapService(LayoutCache layouts, SeatInventory inventory, ObjectMapper json, SeatingConfig config) {
        this.layouts = layouts;
        this.inventory = inventory;
        this.json = json;
        this.layoutDocuments = Caffeine.newBuilder().maximumWeight(config.layoutDocumentBytes())
                .weigher((UUID id, SeatMapDocument document) -> document.weight())
                .executor(Runnable::run).build();
        this.compactDocuments = Caffeine.newBuilder().maximumSize(10_000).executor(Runnable::run).build();
        this.jsonDocuments = Caffeine.newBuilder().maximumWeight(config.seatMapDocumentBytes())
                .weigher((UUID id, VersionedDocument document) -> document.document().weight())
                .executor(Runnable::run).build();
    }

    /** The layout as JSON bytes: encoded once for a published event, afresh for a draft (its owner's only). */
    Uni<LayoutDocument> layout(Caller caller, UUID eventId) {
        return visibleLayout(caller, eventId).map(layout -> new LayoutDocument(layout.draft(), layout.draft()
                ? encode(layoutOf(layout)) : layoutDocuments.get(eventId, ignored -> encode(layoutOf(layout)))));
    }

    /**
     * The seat map at the version Redis is at, JSON or compact, encoded once per version: a crowd at one version
     * costs one Redis read each and one encoding in all. A draft's (its owner's only) is encoded afresh.
     */
    Uni<VersionedDocument> document(Caller caller, UUID eventId, boolean compact) {
        return visibleLayout(caller, eventId).chain(layout -> {
            if (layout.draft()) {
                return Uni.createFrom().item(new VersionedDocument(0, false, true,
                        encode(compact ? compactOf(layout, null) : build(layout, null))));
            }
            Cache<UUID, VersionedDocument> documents = compact ? compactDocuments : jsonDocuments;
            return inventory.snapshot(eventId).map(snapshot -> {
                boolean onSale = !compact && snapshot.onSale();
                VersionedDocument cached = documents.getIfPresent(eventId);
                if (cached != null && cached.version() == snapshot.version() && cached.onSale() == onSale) {
                    return cached;
                }
                VersionedDocument fresh = new VersionedDocument(snapshot.version(), onSale, false,
                        encode(compact ? compactOf(layout, snapshot) : build(layout, snapshot)));
                if (cached == null || cached.version() <= fresh.version()) {
                    documents.put(eventId, fresh);
                }
                return fresh;
            });
        });
    }

    /** The event's layout, unless there is none or it is someone else's draft (404 alike). */
    private Uni<EventLayout> visibleLayout(Caller caller, UUID eventId) {
        return layouts.get(eventId).map(layout -> {
            if (layout == null || (layout.draft() && (caller == null || !caller.owns(layout.ownerId())))) {
                throw ProblemException.notFound("Event");
            }
            return layout;
        });
    }

    private SeatMapDocument encode(Object answer) {
        try {
            return SeatMapDocument.of(json.writeValueAsBytes(answer));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SeatMapDtos.Layout layoutOf(EventLayout layout) {
        List<SeatMapDtos.LayoutSeat> seats = new ArrayList<>(layout.seats().size());
        for (EventLayout.Seat seat : layout.seats()) {
            seats.add(new SeatMapDtos.LayoutSeat(seat.id(), seat.section(), seat.row(), seat.number(), seat.price()));
        }
        List<SeatMapDtos.LayoutArea> areas = new ArrayList<>();
        for (EventLayout.Area area : layout.areas()) {
            areas.add(new SeatMapDtos.LayoutArea(area.section(), area.capacity(), area.price()));
        }
        return new SeatMapDtos.Layout(layout.eventId(), seats, areas);
    }

    /** A draft ({@code snapshot} null) has everything available at version 0, as in {@link #build}. */
    static SeatMapDtos.CompactSeatMap compactOf(EventLayout layout, SeatInventory.Snapshot snapshot) {
        List<SeatMapDtos.CompactArea> areas = new ArrayList<>();
        for (EventLayout.Area area : layout.areas()) {
            areas.add(new SeatMapDtos.CompactArea(area.section(), available(area, snapshot)));
        }
        return new SeatMapDtos.CompactSeatMap(layout.eventId(), snapshot == null ? 0 : snapshot.version(),
                CompactStatuses.ENCODING, statuses(layout, snapshot), areas);
    }

    static List<SeatMapDtos.AreaView> areaViews(EventLayout layout, SeatInventory.Snapshot snapshot) {
        List<SeatMapDtos.AreaView> areas = new ArrayList<>();
        for (EventLayout.Area area : layout.areas()) {
            areas.add(new SeatMapDtos.AreaView(area.section(), area.capacity(), available(area, snapshot), area.price()));
        }
        return areas;
    }

    static String statuses(EventLayout layout, SeatInventory.Snapshot snapshot) {
        return CompactStatuses.encode(snapshot == null ? null : snapshot.seatStates(), layout.seats().size());
    }

    private static int available(EventLayout.Area area, SeatInventory.Snapshot snapshot) {
        return snapshot == null ? area.capacity() : Math.max(0, snapshot.available().getOrDefault(area.section(), 0));
    }

    /** A draft has no live state yet: everything is available at version 0, and it is not on sale. */
    static SeatMapDtos.SeatMap build(EventLayout layout, SeatInventory.Snapshot snapshot) {
        List<SeatMapDtos.SeatView> seats = new ArrayList<>(layout.seats().size());
        for (EventLayout.Seat seat : layout.seats()) {
            SeatStatus status = snapshot == null ? SeatStatus.AVAILABLE
                    : SeatStatus.of(snapshot.seatStates().charAt(seat.index()));
            seats.add(new SeatMapDtos.SeatView(seat.id(), seat.section(), seat.row(), seat.number(), seat.price(), status));
        }
        List<SeatMapDtos.AreaView> areas = areaViews(layout, snapshot);
        if (snapshot == null) {
            return new SeatMapDtos.SeatMap(layout.eventId(), 0, layout.draftSalesEndAt(), false, seats, areas);
        }
        return new SeatMapDtos.SeatMap(layout.eventId(), snapshot.version(), snapshot.salesEndAt(), snapshot.onSale(),
                seats, areas);
    }
}
