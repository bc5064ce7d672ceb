package io.bookit.venue;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

public final class VenueDtos {

    static final String KEY = "[A-Z0-9]{1,12}";

    private VenueDtos() {
    }

    public record CreateVenue(
            @NotBlank @Size(max = 200) String name,
            @NotBlank @Size(max = 500) String address,
            @NotBlank @Size(max = 64) String timezone,
            @NotEmpty @Size(max = 100) List<@Valid @NotNull SectionSpec> sections) {
    }

    public record SectionSpec(
            @NotNull @Pattern(regexp = KEY, message = "must match " + KEY) String key,
            @NotBlank @Size(max = 100) String name,
            @NotNull SectionKind kind,
            @Size(max = 500) List<@Valid @NotNull RowSpec> rows,
            @Min(1) @Max(1_000_000) Integer capacity) {
    }

    public record RowSpec(
            @NotNull @Pattern(regexp = KEY, message = "must match " + KEY) String label,
            @Min(1) @Max(1_000) int seats) {
    }

    record VenueView(UUID id, UUID ownerId, String name, String address, String timezone, List<Section> sections,
            int seatCount, int capacity, Instant createdAt) {

        static VenueView of(Venue venue) {
            return new VenueView(venue.id, venue.ownerId, venue.name, venue.address, venue.timezone, venue.sections,
                    venue.seatCount, venue.capacity, venue.createdAt);
        }
    }
}
