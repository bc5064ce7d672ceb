package io.bookit.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import io.bookit.support.Pdfs;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The PDF renderer alone, without the app. */
class TicketPdfTest {

    @Test
    void textTheStandardFontCannotShowPrintsAsQuestionMarksInsteadOfFailing() {
        TicketPdf.Page page = new TicketPdf.Page(UUID.randomUUID(), UUID.randomUUID(),
                "Gala in Z\u00fcrich \u6771\u4eac \ud83c\udfb5 with a name long enough to wrap onto a second line of the page",
                "Sunday 7 March 2027, 19:30 \u2013 22:30 (Europe/Zurich)", "Tonhalle", "Claridenstrasse 7, Z\u00fcrich",
                "ORCH-B-12", true, "Orchestra", "Bj\u00f6rk \u0413\u0443\u0434\u043c\u0443\u043d\u0434\u0441", "BK1.test");

        byte[] pdf = TicketPdf.render("Tickets", List.of(page));

        String text = Pdfs.pageTexts(pdf).get(0);
        assertThat(text).contains("Gala in Z\u00fcrich ?? ?", "second line", "Bj\u00f6rk ????????", "19:30 \u2013 22:30");
        assertThat(Pdfs.scannedCodes(pdf)).containsExactly("BK1.test");
    }
}
