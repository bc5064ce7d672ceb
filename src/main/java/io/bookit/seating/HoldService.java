package io.bookit.seating;

import io.bookit.auth.Caller;
import io.bookit.common.Money;
import io.bookit.common.ProblemException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Places, reads and releases holds. The hold path touches Redis only: layouts come from memory. */
@ApplicationScoped
public class HoldService {

    /** Refusals of the hold script that come after its waiting-room check (see hold.lua). */
    private static final Set<String> AFTER_ROOM_CHECK = Set.of(HoldProblems.TOO_MANY_SEATS, HoldProblems.SEAT_LIMIT_REACHED);

    private final SeatInventory inventory;
    private final LayoutCache layouts;
    private final HoldsConfig config;
    private final MeterRegistry metrics;
    private final AdmissionCheck admissions;

    HoldService(SeatInventory inventory, LayoutCache layouts, HoldsConfig config, MeterRegistry metrics,
            AdmissionCheck admissions) {
        this.inventory = inventory;
        this.layouts = layouts;
        this.admissions = admissions;
        this.config = config;
        this.metrics = metrics;
    }

    /** {@code admission}: "ok" or what is wrong with the caller's admission token (see AdmissionCheck). */
    Uni<HoldDtos.HoldView> place(Caller caller, UUID eventId, HoldDtos.HoldRequest body, String admission) {
        Timer.Sample timer = Timer.start(metrics);
        return layouts.get(eventId).chain(layout -> {
            if (layout == null || layout.draft()) {
                throw layout == null || !caller.owns(layout.ownerId()) ? ProblemException.notFound("Event")
                        : HoldProblems.notOnSale("DRAFT");
            }
            SeatInventory.Request request = request(layout, body);
            HoldId holdId = HoldId.next(eventId);
            return inventory.hold(layout, holdId, caller.id(), request, config.ttl().toMillis(), admission)
                    .map(placed -> view(layout, holdId, placed.seats(), request.section(),
                            request.count(), placed.expiresAt(), "HELD"))
                    .onItemOrFailure().invoke((placed, failure) -> {
                        if (admission.equals("missing")) {
                            learnRoom(eventId, failure);
                        }
                    });
        }).onItemOrFailure().invoke((hold, failure) -> timer.stop(metrics.timer("bookit.holds",
                "outcome", outcome(failure))));
    }

    /**
     * What a hold without an admission token taught about the event's waiting room, for the early refusal of the
     * next ones (see waitingroom/AdmissionMemory): refused for it, the room is on; placed or refused for a reason the script checks
     * after the room (seats, counts, the per-user cap), the room is off; otherwise nothing.
     */
    private void learnRoom(UUID eventId, Throwable failure) {
        if (ProblemException.is(failure, HoldProblems.ADMISSION_REQUIRED)) {
            admissions.roomOn(eventId);
        } else if (failure == null || failure instanceof SeatsUnavailableException
                || failure instanceof ProblemException problem && AFTER_ROOM_CHECK.contains(problem.type())) {
            admissions.roomOff(eventId);
        }
    }

    private static String outcome(Throwable failure) {
        if (failure == null) {
            return "placed";
        }
        if (failure instanceof SeatsUnavailableException) {
            return "unavailable";
        }
        if (ProblemException.is(failure, HoldProblems.ADMISSION_REQUIRED)
                || ProblemException.is(failure, HoldProblems.SEAT_LIMIT_REACHED)) {
            return ((ProblemException) failure).type();
        }
        return "rejected";
    }

    Uni<HoldDtos.HoldView> get(Caller caller, String id) {
        HoldId holdId = parse(id);
        return inventory.read(holdId).chain(fields -> {
            if (fields == null || !caller.id().toString().equals(fields.get("user"))) {
                throw HoldProblems.notFound();
            }
            return layouts.get(holdId.eventId()).map(layout -> view(layout, holdId, fields));
        });
    }

    Uni<Void> release(Caller caller, String id) {
        return inventory.release(parse(id), caller.id()).replaceWithVoid();
    }

    private static HoldId parse(String id) {
        HoldId holdId = HoldId.parse(id);
        if (holdId == null) {
            throw HoldProblems.notFound();
        }
        return holdId;
    }

    /** Turns the body into one script request; unknown seats and ill-formed combinations are a 422. */
    private static SeatInventory.Request request(EventLayout layout, HoldDtos.HoldRequest body) {
        int forms = (body.seats() != null ? 1 : 0) + (body.bestAvailable() != null ? 1 : 0)
                + (body.section() != null || body.quantity() != null ? 1 : 0);
        if (forms != 1) {
            throw ProblemException.invalid("Send exactly one of: seats, section with quantity, bestAvailable");
        }
        if (body.seats() != null) {
            Set<String> unique = new LinkedHashSet<>(body.seats());
            if (unique.size() != body.seats().size()) {
                throw ProblemException.invalid("A seat is listed twice");
            }
            List<String> unknown = new ArrayList<>();
            List<Integer> indices = new ArrayList<>();
            for (String id : unique) {
                EventLayout.Seat seat = layout.seat(id);
                if (seat == null) {
                    unknown.add(id);
                } else {
                    indices.add(seat.index());
                }
            }
            if (!unknown.isEmpty()) {
                throw new ProblemException(422, "unknown-seats", "Unknown seats",
                        "No such seats at this event: " + String.join(", ", unknown)).with("unknownSeats", unknown);
            }
            return SeatInventory.Request.seats(indices);
        }
        if (body.bestAvailable() != null) {
            String section = body.bestAvailable().section();
            if (section != null && !layout.isSeatedSection(section)) {
                throw ProblemException.invalid("No seated section " + section + " at this event");
            }
            if (section == null && layout.seats().isEmpty()) {
                throw ProblemException.invalid("This event has no numbered seats");
            }
            return SeatInventory.Request.bestAvailable(section, body.bestAvailable().quantity());
        }
        if (body.section() == null || body.quantity() == null) {
            throw ProblemException.invalid("A general-admission hold needs both section and quantity");
        }
        if (layout.area(body.section()) == null) {
            throw ProblemException.invalid("No general-admission area " + body.section()
                    + " at this event (numbered seats are held by id or bestAvailable)");
        }
        return SeatInventory.Request.generalAdmission(body.section(), body.quantity());
    }

    private static HoldDtos.HoldView view(EventLayout layout, HoldId holdId, Map<String, String> fields) {
        String seats = fields.getOrDefault("seats", "");
        List<Integer> indices = seats.isEmpty() ? List.of()
                : java.util.Arrays.stream(seats.split(",")).map(Integer::valueOf).toList();
        long expires = Long.parseLong(fields.get("expires"));
        String state = fields.get("state");
        if ("HELD".equals(state) && expires <= System.currentTimeMillis()) {
            state = "EXPIRED";
        }
        return view(layout, holdId, indices, fields.getOrDefault("section", ""),
                Integer.parseInt(fields.get("count")), expires, state);
    }

    private static HoldDtos.HoldView view(EventLayout layout, HoldId holdId, List<Integer> indices,
            String section, int count, long expiresAt, String status) {
        List<String> seatIds = indices.stream().map(i -> layout.seat(i).id()).toList();
        BigDecimal total = layout.total(indices, section, count);
        return new HoldDtos.HoldView(holdId.value(), holdId.eventId(), seatIds, section.isEmpty() ? null : section,
                count, Instant.ofEpochMilli(expiresAt), Money.format(total, layout.currency()), layout.currency(),
                status);
    }
}
