package io.bookit.organizer;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The organizer views: {@code bookit.organizer.*}. */
@ConfigMapping(prefix = "bookit.organizer")
interface OrganizerConfig {

    /** Rows per query (and per string) of the streamed attendee CSV export. */
    @WithDefault("1000")
    int csvChunk();
}
