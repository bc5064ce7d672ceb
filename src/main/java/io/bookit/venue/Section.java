package io.bookit.venue;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A part of a venue, stored as JSON on the venue row. Seated sections have rows of numbered seats
 * (seat id {@code KEY-ROW-NUMBER}); general-admission areas have a capacity.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Section(String key, String name, SectionKind kind, List<Row> rows, Integer capacity) {

    public record Row(String label, int seats) {
    }

    public boolean seated() {
        return kind == SectionKind.SEATED;
    }

    /** Seats of a seated section, or the capacity of a general-admission area. */
    public int places() {
        return seated() ? rows.stream().mapToInt(Row::seats).sum() : capacity;
    }
}
