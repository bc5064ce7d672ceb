package io.bookit.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 5545 rules of the hand-written calendar entry, without the app. */
class CalendarEntryTest {

    private static final Instant START = Instant.parse("2027-03-07T18:30:00Z");

    @Test
    void linesEndInCrlfAndLongLinesFoldAtSeventyFiveOctetsWithoutSplittingACharacter() {
        String summary = "\u00c9t\u00e9 \u6771\u4eac \ud83c\udfb5 ".repeat(12);
        CalendarEntry entry = new CalendarEntry("order-1@bookit", START, START.plusSeconds(10_800), summary,
                "Hall", null, null);

        String raw = new String(entry.write(CalendarEntry.Method.PUBLISH, START), StandardCharsets.UTF_8);

        assertThat(raw).startsWith("BEGIN:VCALENDAR\r\n").endsWith("END:VCALENDAR\r\n");
        assertThat(raw.replace("\r\n", "")).doesNotContain("\n").doesNotContain("\r");
        List<String> lines = List.of(raw.split("\r\n"));
        assertThat(lines).allSatisfy(line -> assertThat(line.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(75));
        assertThat(lines).filteredOn(line -> line.startsWith(" ")).hasSizeGreaterThan(2);
        assertThat(lines).noneMatch(line -> line.contains("\ufffd")); // no split UTF-8 sequence or surrogate pair
        assertThat(raw.replace("\r\n ", "")).contains("SUMMARY:" + summary + "\r\n");
    }

    @Test
    void textValuesAreEscapedAndTimesAreUtc() {
        CalendarEntry entry = new CalendarEntry("order-2@bookit", START, START.plusSeconds(7_200),
                "Rock; Roll, and \\ more", "Hall, 1 Main St", "line one\nline two\r\nthree\u0007", "tickets@bookit.test");

        String raw = new String(entry.write(CalendarEntry.Method.CANCEL, Instant.parse("2027-01-02T03:04:05.678Z")),
                StandardCharsets.UTF_8);

        assertThat(raw).contains("\r\nMETHOD:CANCEL\r\n", "\r\nUID:order-2@bookit\r\n", "\r\nDTSTAMP:20270102T030405Z\r\n",
                "\r\nDTSTART:20270307T183000Z\r\n", "\r\nDTEND:20270307T203000Z\r\n", "\r\nSEQUENCE:1\r\n",
                "\r\nSTATUS:CANCELLED\r\n", "\r\nSUMMARY:Rock\\; Roll\\, and \\\\ more\r\n",
                "\r\nLOCATION:Hall\\, 1 Main St\r\n", "\r\nDESCRIPTION:line one\\nline two\\nthree\r\n",
                "\r\nORGANIZER:mailto:tickets@bookit.test\r\n");
    }

    @Test
    void theSenderAddressIsReadFromANamedAddress() {
        assertThat(OrderMailService.address("Bookit <tickets@bookit.dev>")).isEqualTo("tickets@bookit.dev");
        assertThat(OrderMailService.address("tickets@bookit.dev")).isEqualTo("tickets@bookit.dev");
        assertThat(OrderMailService.address("Bookit")).isNull();
    }
}
