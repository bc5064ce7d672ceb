package io.bookit.seating;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

final class HoldDtos {

    private HoldDtos() {
    }

    /** Exactly one form: {@code seats}, {@code section + quantity} (general admission) or {@code bestAvailable}. */
    record HoldRequest(
            @Size(min = 1, max = 100) List<@NotNull @Size(max = 40) String> seats,
            @Pattern(regexp = "[A-Z0-9]{1,12}") String section,
            @Min(1) @Max(100) Integer quantity,
            @Valid BestAvailable bestAvailable) {
    }

    record BestAvailable(@NotNull @Min(1) @Max(100) Integer quantity, @Pattern(regexp = "[A-Z0-9]{1,12}") String section) {
    }

    record HoldView(String id, UUID eventId, List<String> seats, String section, int quantity, Instant expiresAt,
            String total, String currency, String status) {
    }
}
