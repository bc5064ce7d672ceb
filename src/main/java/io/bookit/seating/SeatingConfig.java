package io.bookit.seating;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** What each instance keeps in memory of layouts and seat maps: {@code bookit.seating.*} (docs/CONFIGURATION.md). */
@ConfigMapping(prefix = "bookit.seating")
interface SeatingConfig {

    /** Seats and general-admission areas of published layouts kept by {@link LayoutCache} (about 150 bytes each). */
    @WithDefault("2000000")
    long layoutCachePlaces();

    /** Bytes of encoded layouts kept by {@link SeatMapService}. */
    @WithDefault("67108864")
    long layoutDocumentBytes();

    /** Bytes of encoded JSON seat maps kept by {@link SeatMapService}, one per event at its latest version. */
    @WithDefault("67108864")
    long seatMapDocumentBytes();
}
