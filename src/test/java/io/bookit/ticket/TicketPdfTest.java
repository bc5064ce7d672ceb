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

    /** Every code's QR reads back from the page, for the longest codes (rotated, BK2) and many random ones. */
    @Test
    void everyCodesQrReadsBackFromThePage() {
        java.util.Random random = new java.util.Random(42);
        List<TicketPdf.Page> pages = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            byte[] payload = new byte[40];
            byte[] signature = new byte[64];
            random.nextBytes(payload);
            random.nextBytes(signature);
            java.util.Base64.Encoder base64 = java.util.Base64.getUrlEncoder().withoutPadding();
            String code = "BK2." + base64.encodeToString(payload) + "." + base64.encodeToString(signature);
            pages.add(new TicketPdf.Page(UUID.randomUUID(), UUID.randomUUID(), "Concert " + i, "Friday 19:30",
                    "Hall", "Street 1", "ORCH-A-" + i, true, "Orchestra", "Holder " + i, code));
        }

        byte[] pdf = TicketPdf.render("Tickets", pages);

        assertThat(Pdfs.scannedCodes(pdf)).containsExactlyElementsOf(pages.stream().map(TicketPdf.Page::code).toList());
    }
}
