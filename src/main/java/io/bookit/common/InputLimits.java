package io.bookit.common;

import java.time.Instant;

/**
 * What any text and any instant in a request may be, wherever it arrives (JSON body, query parameter). One rule for
 * the whole API, so that bad input gets a 400 at the door instead of a 500 from PostgreSQL, which refuses NUL in text
 * (22021) and instants beyond its range (22008). {@link StrictJson} applies it to every string and instant of a JSON
 * body, {@link PlainText} to query parameters.
 */
public final class InputLimits {

    /** Instants are accepted from year 1 to year 9999, well within what PostgreSQL and every client can hold. */
    public static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    public static final String TEXT_RULE = "must be valid Unicode without control characters (tab and line breaks"
            + " are allowed)";
    public static final String INSTANT_RULE = "must be an ISO-8601 instant between the years 1 and 9999, such as"
            + " 2027-03-01T19:30:00Z";

    /** For {@code @Pattern}: at least one character that is not white space (Unicode's, as {@code strip()} sees it). */
    public static final String HAS_TEXT = "(?sU).*\\S.*";

    private InputLimits() {
    }

    /**
     * True when the text has no control character other than tab, line feed and carriage return (no NUL, no escape
     * sequences, no C1 controls) and no unpaired surrogate.
     */
    public static boolean isPlainText(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r') {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    public static boolean inRange(Instant instant) {
        return !instant.isBefore(EARLIEST) && !instant.isAfter(LATEST);
    }
}
