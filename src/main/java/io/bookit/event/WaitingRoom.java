package io.bookit.event;

import com.fasterxml.jackson.core.type.TypeReference;
import io.bookit.common.JsonColumn;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;

/**
 * An event's virtual waiting room, set by its owner for a big on-sale: shoppers queue, are admitted at
 * {@code admissionsPerMinute}, at most {@code maxActiveShoppers} at once, each for {@code sessionMinutes}. Joining
 * opens at {@code opensAt} (absent: as soon as the event is on sale); whoever joins before sales start is shuffled
 * at sales start. Absent numbers take the defaults below. See the waitingroom package.
 */
public record WaitingRoom(
        @NotNull Boolean enabled,
        @Min(1) @Max(1_000_000) Integer admissionsPerMinute,
        @Min(1) @Max(1_000_000) Integer maxActiveShoppers,
        @Min(1) @Max(240) Integer sessionMinutes,
        Instant opensAt) {

    static final int DEFAULT_ADMISSIONS_PER_MINUTE = 600;
    static final int DEFAULT_MAX_ACTIVE_SHOPPERS = 1_000;
    static final int DEFAULT_SESSION_MINUTES = 15;

    /** The same room with every default filled in, as it is stored. */
    WaitingRoom complete() {
        return new WaitingRoom(enabled,
                admissionsPerMinute != null ? admissionsPerMinute : DEFAULT_ADMISSIONS_PER_MINUTE,
                maxActiveShoppers != null ? maxActiveShoppers : DEFAULT_MAX_ACTIVE_SHOPPERS,
                sessionMinutes != null ? sessionMinutes : DEFAULT_SESSION_MINUTES, opensAt);
    }

    public boolean on() {
        return Boolean.TRUE.equals(enabled);
    }

    static class Column extends JsonColumn<WaitingRoom> {
        Column() {
            super(new TypeReference<>() {
            });
        }
    }
}
