package io.bookit.seating;

import io.bookit.auth.Caller;
import io.bookit.common.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The seat map: the cached layout joined with one consistent Redis read of states and version. */
@ApplicationScoped
public class SeatMapService {

    private final LayoutCache layouts;
    private final SeatInventory inventory;

    SeatMapService(LayoutCache layouts, SeatInventory inventory) {
        this.layouts = layouts;
        this.inventory = inventory;
    }

    Uni<SeatMapDtos.SeatMap> seatMap(Caller caller, UUID eventId) {
        return layouts.get(eventId).chain(layout -> {
            if (layout == null || (layout.draft() && (caller == null || !caller.owns(layout.ownerId())))) {
                throw ProblemException.notFound("Event");
            }
            if (layout.draft()) {
                return Uni.createFrom().item(build(layout, null));
            }
            return inventory.snapshot(eventId).map(snapshot -> build(layout, snapshot));
        });
    }

    /** A draft has no live state yet: everything is available at version 0, and it is not on sale. */
    static SeatMapDtos.SeatMap build(EventLayout layout, SeatInventory.Snapshot snapshot) {
        List<SeatMapDtos.SeatView> seats = new ArrayList<>(layout.seats().size());
        for (EventLayout.Seat seat : layout.seats()) {
            SeatStatus status = snapshot == null ? SeatStatus.AVAILABLE
                    : SeatStatus.of(snapshot.seatStates().charAt(seat.index()));
            seats.add(new SeatMapDtos.SeatView(seat.id(), seat.section(), seat.row(), seat.number(), seat.price(), status));
        }
        List<SeatMapDtos.AreaView> areas = new ArrayList<>();
        for (EventLayout.Area area : layout.areas()) {
            int available = snapshot == null ? area.capacity()
                    : Math.max(0, snapshot.available().getOrDefault(area.section(), 0));
            areas.add(new SeatMapDtos.AreaView(area.section(), area.capacity(), available, area.price()));
        }
        if (snapshot == null) {
            return new SeatMapDtos.SeatMap(layout.eventId(), 0, layout.draftSalesEndAt(), false, seats, areas);
        }
        return new SeatMapDtos.SeatMap(layout.eventId(), snapshot.version(), snapshot.salesEndAt(), snapshot.onSale(),
                seats, areas);
    }
}
