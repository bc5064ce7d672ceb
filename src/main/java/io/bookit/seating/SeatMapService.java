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
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The seat map: the cached layout joined with one consistent Redis read of states and version. The layout and the
 * compact seat map are encoded once and served as bytes: a published layout never changes (kept until the cache needs
 * room, {@code bookit.seating.layout-document-bytes} in all), a compact seat map is kept for the event's latest version
 * read (versions are never reused, a rebuilt state starts above every version served before).
 */
@ApplicationScoped
public class SeatMapService {

    /** A compact seat map encoded at one version. */
    record CompactDocument(long version, SeatMapDocument document) {
    }

    /** A layout encoded; a draft's may still change. */
    record LayoutDocument(boolean draft, SeatMapDocument document) {
    }

    private final LayoutCache layouts;
    private final SeatInventory inventory;
    private final ObjectMapper json;
    private final Cache<UUID, SeatMapDocument> layoutDocuments;
    private final Cache<UUID, CompactDocument> compactDocuments;

    SeatMapService(LayoutCache layouts, SeatInventory inventory, ObjectMapper json,
            @ConfigProperty(name = "bookit.seating.layout-document-bytes", defaultValue = "67108864") long maxBytes) {
        this.layouts = layouts;
        this.inventory = inventory;
        this.json = json;
        this.layoutDocuments = Caffeine.newBuilder().maximumWeight(maxBytes)
                .weigher((UUID id, SeatMapDocument document) -> document.weight())
                .executor(Runnable::run).build();
        this.compactDocuments = Caffeine.newBuilder().maximumSize(10_000).executor(Runnable::run).build();
    }

    Uni<SeatMapDtos.SeatMap> seatMap(Caller caller, UUID eventId) {
        return visibleLayout(caller, eventId).chain(layout -> {
            if (layout.draft()) {
                return Uni.createFrom().item(build(layout, null));
            }
            return inventory.snapshot(eventId).map(snapshot -> build(layout, snapshot));
        });
    }

    /** The layout as JSON bytes: encoded once for a published event, afresh for a draft (its owner's only). */
    Uni<LayoutDocument> layout(Caller caller, UUID eventId) {
        return visibleLayout(caller, eventId).map(layout -> new LayoutDocument(layout.draft(), layout.draft()
                ? encode(layoutOf(layout)) : layoutDocuments.get(eventId, ignored -> encode(layoutOf(layout)))));
    }

    /** The compact seat map at the version Redis is at, encoded once per version. */
    Uni<CompactDocument> compact(Caller caller, UUID eventId) {
        return visibleLayout(caller, eventId).chain(layout -> {
            if (layout.draft()) {
                return Uni.createFrom().item(new CompactDocument(0, encode(compactOf(layout, null))));
            }
            return inventory.snapshot(eventId).map(snapshot -> {
                CompactDocument cached = compactDocuments.getIfPresent(eventId);
                if (cached != null && cached.version() == snapshot.version()) {
                    return cached;
                }
                CompactDocument fresh = new CompactDocument(snapshot.version(), encode(compactOf(layout, snapshot)));
                if (cached == null || cached.version() < fresh.version()) {
                    compactDocuments.put(eventId, fresh);
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
