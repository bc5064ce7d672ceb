package io.bookit.mail;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * One event as an iCalendar object (RFC 5545) to attach to a mail (RFC 6047): UTC times, the order's UID so that a
 * later {@link Method#CANCEL} replaces the entry the confirmation made, TEXT escaping, lines folded at 75 octets
 * without splitting a character, CRLF line ends. Written by hand: one VEVENT needs no library (see docs/TICKETS.md).
 */
record CalendarEntry(String uid, Instant start, Instant end, String summary, String location, String description,
        String organizerEmail) {

    enum Method {
        /** A new entry (the confirmation). */
        PUBLISH,
        /** The entry is cancelled (a refund or the event's cancellation). */
        CANCEL
    }

    static final String FILE_NAME = "event.ics";
    static final int MAX_LINE_OCTETS = 75;
    private static final String CRLF = "\r\n";
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    /** The {@code Content-Type} of the attachment, with the method as RFC 6047 asks. */
    static String contentType(Method method) {
        return "text/calendar; charset=UTF-8; method=" + method;
    }

    byte[] write(Method method, Instant stamp) {
        StringBuilder out = new StringBuilder(1024);
        line(out, "BEGIN:VCALENDAR");
        line(out, "PRODID:-//Bookit//Tickets//EN");
        line(out, "VERSION:2.0");
        line(out, "CALSCALE:GREGORIAN");
        line(out, "METHOD:" + method);
        line(out, "BEGIN:VEVENT");
        line(out, "UID:" + text(uid));
        line(out, "DTSTAMP:" + utc(stamp));
        line(out, "DTSTART:" + utc(start));
        line(out, "DTEND:" + utc(end));
        line(out, "SEQUENCE:" + (method == Method.CANCEL ? 1 : 0));
        line(out, "STATUS:" + (method == Method.CANCEL ? "CANCELLED" : "CONFIRMED"));
        line(out, "SUMMARY:" + text(summary));
        if (location != null && !location.isBlank()) {
            line(out, "LOCATION:" + text(location));
        }
        if (description != null && !description.isBlank()) {
            line(out, "DESCRIPTION:" + text(description));
        }
        if (organizerEmail != null && !organizerEmail.isBlank()) {
            line(out, "ORGANIZER:mailto:" + organizerEmail);
        }
        line(out, "TRANSP:OPAQUE");
        line(out, "END:VEVENT");
        line(out, "END:VCALENDAR");
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String utc(Instant instant) {
        return UTC.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    /** A TEXT value (RFC 5545 3.3.11): backslash, semicolon and comma escaped, line breaks as {@code \n}. */
    static String text(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\', ';', ',' -> out.append('\\').append(c);
                case '\r' -> {
                    out.append("\\n");
                    if (i + 1 < value.length() && value.charAt(i + 1) == '\n') {
                        i++;
                    }
                }
                case '\n' -> out.append("\\n");
                default -> {
                    if (c == '\t' || c >= 0x20 && c != 0x7F) { // other controls are not allowed in TEXT
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /**
     * Appends one content line, folded (RFC 5545 3.1): at most 75 octets of UTF-8 a line, continuation lines start
     * with one space, and a character (a surrogate pair included) is never split.
     */
    static void line(StringBuilder out, String content) {
        int octets = 0;
        int i = 0;
        while (i < content.length()) {
            int codePoint = content.codePointAt(i);
            int size = utf8Length(codePoint);
            if (octets + size > MAX_LINE_OCTETS) {
                out.append(CRLF).append(' ');
                octets = 1;
            }
            out.appendCodePoint(codePoint);
            octets += size;
            i += Character.charCount(codePoint);
        }
        out.append(CRLF);
    }

    private static int utf8Length(int codePoint) {
        return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
    }
}
