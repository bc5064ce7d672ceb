package io.bookit.waitlist;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

final class WaitlistDtos {

    private WaitlistDtos() {
    }

    /** {@code section}: a seated section or general-admission area, or none for any; {@code together}: one row. */
    record JoinWaitlist(@NotNull @Min(1) @Max(100) Integer quantity, @Pattern(regexp = "[A-Z0-9]{1,12}") String section,
            Boolean together) {
    }

    /**
     * {@code position}: 1 for the first entry that waits (null unless WAITING); {@code holdId} and
     * {@code offerExpiresAt} once OFFERED.
     */
    record EntryView(UUID id, UUID eventId, Long position, int quantity, String section, boolean together,
            WaitlistStatus status, String holdId, Instant offerExpiresAt) {
    }

    record MyWaitlist(List<EntryView> items) {
    }
}
