package io.bookit.common;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Instants as people at the venue read them: in the venue's time zone, named after the time, in English
 * ({@code Sunday 7 March 2027, 19:30 – 22:30 (Europe/Berlin)}). For tickets and mails; the API itself speaks UTC.
 */
public final class LocalTimes {

    private static final DateTimeFormatter DAY_AND_TIME = DateTimeFormatter.ofPattern("EEEE d MMMM uuuu, HH:mm",
            Locale.ENGLISH);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ENGLISH);

    private LocalTimes() {
    }

    /** From start to end; the end's day is repeated only when it is another day. */
    public static String span(Instant start, Instant end, String zone) {
        ZoneId id = zone(zone);
        ZonedDateTime from = start.atZone(id);
        ZonedDateTime to = end.atZone(id);
        String until = from.toLocalDate().equals(to.toLocalDate()) ? TIME.format(to) : DAY_AND_TIME.format(to);
        return DAY_AND_TIME.format(from) + " \u2013 " + until + " (" + id.getId() + ")";
    }

    public static String at(Instant instant, String zone) {
        ZoneId id = zone(zone);
        return DAY_AND_TIME.format(instant.atZone(id)) + " (" + id.getId() + ")";
    }

    /** The zone of that name; UTC for a name this JVM does not know (venues are validated when they are created). */
    private static ZoneId zone(String zone) {
        try {
            return zone == null ? ZoneOffset.UTC : ZoneId.of(zone);
        } catch (DateTimeException e) {
            return ZoneOffset.UTC;
        }
    }
}
