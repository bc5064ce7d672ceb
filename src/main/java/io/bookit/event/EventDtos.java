package io.bookit.event;

import io.bookit.common.InputLimits;
import io.bookit.common.Money;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

public final class EventDtos {

    /**
     * The highest per-user cap an event may set; 0 in a request means no cap (stored as null), absent on create means
     * twice {@code maxSeatsPerOrder}.
     */
    static final int MAX_SEATS_PER_USER = 1000;

    /** Transfers per ticket unless the owner says otherwise; at most {@link #MAX_TRANSFERS_PER_TICKET}. */
    static final int DEFAULT_MAX_TRANSFERS_PER_TICKET = 3;
    static final int MAX_TRANSFERS_PER_TICKET = 100;

    static final String BLANK = "must not be blank";

    private EventDtos() {
    }

    public record PriceSpec(
            @NotNull @Pattern(regexp = "[A-Z0-9]{1,12}") String section,
            @NotNull @DecimalMin("0") @DecimalMax("100000") BigDecimal price) {
    }

    public record CreateEvent(
            @NotNull UUID venueId,
            @NotNull @Pattern(regexp = InputLimits.HAS_TEXT, message = BLANK) @Size(max = 200) String name,
            @Size(max = 5000) String description,
            @NotNull Instant startsAt,
            @NotNull Instant endsAt,
            @NotNull @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO-4217 code") String currency,
            @NotEmpty @Size(max = 100) List<@Valid @NotNull PriceSpec> prices,
            Instant salesStartAt,
            Instant salesEndAt,
            @Min(1) @Max(100) Integer maxSeatsPerOrder,
            @Min(0) @Max(MAX_SEATS_PER_USER) Integer maxSeatsPerUser,
            @Valid WaitingRoom waitingRoom,
            Boolean transfersAllowed,
            @Min(0) @Max(MAX_TRANSFERS_PER_TICKET) Integer maxTransfersPerTicket) {
    }

    /**
     * Absent fields stay as they are; a present one obeys the rules of {@link CreateEvent}. Venue, currency and prices
     * change only while DRAFT. {@code maxSeatsPerUser: 0} removes the per-user cap. A {@code salesEndAt} at its
     * default follows a change of the times it derives from.
     */
    record PatchEvent(
            UUID venueId,
            @Pattern(regexp = InputLimits.HAS_TEXT, message = BLANK) @Size(max = 200) String name,
            @Size(max = 5000) String description,
            Instant startsAt,
            Instant endsAt,
            @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO-4217 code") String currency,
            @Size(min = 1, max = 100) List<@Valid @NotNull PriceSpec> prices,
            Instant salesStartAt,
            Instant salesEndAt,
            @Min(1) @Max(100) Integer maxSeatsPerOrder,
            @Min(0) @Max(MAX_SEATS_PER_USER) Integer maxSeatsPerUser,
            @Valid WaitingRoom waitingRoom,
            Boolean transfersAllowed,
            @Min(0) @Max(MAX_TRANSFERS_PER_TICKET) Integer maxTransfersPerTicket) {
    }

    record PriceView(String section, String price) {
    }

    record EventView(UUID id, UUID ownerId, UUID venueId, String name, String description, Instant startsAt,
            Instant endsAt, Instant salesStartAt, Instant salesEndAt, String currency, List<PriceView> prices, int maxSeatsPerOrder,
            Integer maxSeatsPerUser, EventStatus status, Instant createdAt, Instant updatedAt, String imageUrl,
            WaitingRoom waitingRoom, boolean transfersAllowed, int maxTransfersPerTicket) {

        static EventView of(Event event, String imageUrl) {
            List<PriceView> prices = event.prices.stream()
                    .map(p -> new PriceView(p.section(), Money.format(p.price(), event.currency))).toList();
            return new EventView(event.id, event.ownerId, event.venueId, event.name, event.description,
                    event.startsAt, event.endsAt, event.salesStartAt, event.salesEndAt, event.currency, prices, event.maxSeatsPerOrder,
                    event.maxSeatsPerUser, event.status, event.createdAt, event.updatedAt, imageUrl, event.waitingRoom,
                    event.transfersAllowed, event.maxTransfersPerTicket);
        }
    }
}
