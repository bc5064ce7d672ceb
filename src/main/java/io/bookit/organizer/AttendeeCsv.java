package io.bookit.organizer;

import io.bookit.common.Money;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The attendee export as RFC 4180 CSV: CRLF line ends, a field quoted when it holds a comma, quote, CR or LF, quotes
 * doubled. A holder's name or email that starts like a spreadsheet formula gets a leading apostrophe (OWASP CSV
 * injection advice), since both are typed by the public.
 */
final class AttendeeCsv {

    static final String HEADER = "ticketId,seat,section,holderName,holderEmail,orderId,orderStatus,ticketStatus,"
            + "price,currency,purchasedAt,checkedInAt\r\n";

    private AttendeeCsv() {
    }

    /** The lines of a chunk of rows, as one string. */
    static String lines(List<AttendeeRow> rows) {
        StringBuilder out = new StringBuilder(rows.size() * 200);
        for (AttendeeRow row : rows) {
            out.append(row.ticketId()).append(',');
            field(out, row.seatId() != null ? row.seatId() : row.section()).append(',');
            field(out, row.section()).append(',');
            field(out, defuse(row.holderName())).append(',');
            field(out, defuse(row.holderEmail())).append(',');
            out.append(row.orderId()).append(',');
            out.append(row.orderStatus()).append(',');
            out.append(row.ticketStatus()).append(',');
            out.append(Money.format(row.price(), row.currency())).append(',');
            out.append(row.currency()).append(',');
            out.append(text(row.purchasedAt())).append(',');
            out.append(text(row.checkedInAt())).append("\r\n");
        }
        return out.toString();
    }

    static StringBuilder field(StringBuilder out, String value) {
        if (value == null) {
            return out;
        }
        boolean quote = value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0
                || value.indexOf('\r') >= 0;
        if (!quote) {
            return out.append(value);
        }
        return out.append('"').append(value.replace("\"", "\"\"")).append('"');
    }

    static String defuse(String value) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        char first = value.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r'
                ? "'" + value : value;
    }

    private static String text(Instant instant) {
        return instant == null ? "" : instant.toString();
    }

    static String filename(UUID eventId) {
        return "attendees-" + eventId + ".csv";
    }
}
