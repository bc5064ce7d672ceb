package io.bookit.ticket;

import com.google.zxing.common.BitMatrix;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * Tickets as a PDF with Apache PDFBox, one A4 page a ticket: event, time at the venue, venue, seat or area, holder,
 * order number and the QR of the code, drawn as vector squares (sharp on paper and on any screen). A void ticket
 * shows VOID instead of a QR. Blocking CPU work: call it through {@code Workers.call}, never on the event loop.
 * <p>
 * Text uses the PDF standard Helvetica (nothing embedded, a few KB a page), which covers Latin-1 and a few more
 * (WinAnsi); other characters print as {@code ?}.
 */
final class TicketPdf {

    static final String CONTENT_TYPE = "application/pdf";

    /** What one page says. {@code code} is null for a void ticket. */
    record Page(UUID ticketId, UUID orderId, String eventName, String when, String venueName, String venueAddress,
            String place, boolean seated, String sectionName, String holder, String code) {
    }

    private static final PDRectangle SIZE = PDRectangle.A4;
    private static final float MARGIN = 56;
    private static final float WIDTH = SIZE.getWidth() - 2 * MARGIN;
    private static final float QR_SIDE = 230;
    /** Clear space around the QR: at least the 4 modules the QR standard asks for, for the longest (BK2) codes. */
    private static final float QUIET_ZONE = 26;
    private static final Color MUTED = new Color(0x55, 0x5b, 0x66);
    private static final Color VOID = new Color(0xb0, 0x1e, 0x1e);

    private TicketPdf() {
    }

    static byte[] render(String title, List<Page> pages) {
        try (PDDocument document = new PDDocument()) {
            Fonts fonts = new Fonts();
            document.getDocumentInformation().setTitle(fonts.printable(title));
            document.getDocumentInformation().setCreator("Bookit");
            for (int i = 0; i < pages.size(); i++) {
                PDPage page = new PDPage(SIZE);
                document.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                    new Writer(content, fonts).ticket(pages.get(i), i + 1, pages.size());
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(16_384);
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot render tickets as PDF", e);
        }
    }

    /** The standard fonts, and text reduced to what they can show. */
    private static final class Fonts {
        final PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
        final PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);

        String printable(String text) {
            if (text == null) {
                return "";
            }
            StringBuilder out = new StringBuilder(text.length());
            text.codePoints().forEach(c -> {
                String one = Character.isWhitespace(c) ? " " : new String(Character.toChars(c));
                out.append(encodable(one) ? one : "?");
            });
            return out.toString();
        }

        private boolean encodable(String character) {
            try {
                regular.encode(character);
                return true;
            } catch (IllegalArgumentException | IOException e) {
                return false;
            }
        }
    }

    /** Draws one ticket top-down; {@code y} is the baseline of the next line. */
    private static final class Writer {
        private final PDPageContentStream content;
        private final Fonts fonts;
        private float y = SIZE.getHeight() - MARGIN;

        Writer(PDPageContentStream content, Fonts fonts) {
            this.content = content;
            this.fonts = fonts;
        }

        void ticket(Page page, int number, int of) throws IOException {
            line(fonts.bold, 9, MUTED, "BOOKIT  \u00b7  TICKET " + number + " OF " + of);
            gap(14);
            for (String line : wrap(page.eventName(), fonts.bold, 22)) {
                line(fonts.bold, 22, Color.BLACK, line);
                gap(6);
            }
            gap(4);
            line(fonts.regular, 12, Color.BLACK, page.when());
            gap(8);
            line(fonts.bold, 12, Color.BLACK, page.venueName());
            gap(3);
            for (String line : wrap(page.venueAddress(), fonts.regular, 11)) {
                line(fonts.regular, 11, MUTED, line);
                gap(3);
            }
            gap(10);
            rule();
            gap(22);
            field(page.seated() ? "SEAT" : "AREA", page.place(), 18);
            if (page.sectionName() != null && !page.sectionName().equals(page.place())) {
                gap(2);
                line(fonts.regular, 11, MUTED, page.seated() ? page.sectionName()
                        : page.sectionName() + " (general admission)");
            }
            gap(12);
            field("HOLDER", page.holder(), 13);
            gap(12);
            field("ORDER NUMBER", page.orderId().toString(), 11);
            gap(8);
            field("TICKET", page.ticketId().toString(), 9);
            gap(QUIET_ZONE);
            if (page.code() == null) {
                voided();
            } else {
                qr(page.code());
                gap(QUIET_ZONE);
                centered(fonts.regular, 9, MUTED, "Show this code at the entrance. It admits one person, once.");
            }
        }

        private void field(String label, String value, float size) throws IOException {
            line(fonts.bold, 8, MUTED, label);
            gap(4);
            line(fonts.bold, size, Color.BLACK, value);
        }

        private void qr(String code) throws IOException {
            BitMatrix matrix = QrCodes.matrix(code, 0);
            float module = QR_SIDE / matrix.getWidth();
            float left = MARGIN + (WIDTH - QR_SIDE) / 2;
            float top = y;
            content.setNonStrokingColor(Color.BLACK);
            for (int row = 0; row < matrix.getHeight(); row++) {
                int column = 0;
                while (column < matrix.getWidth()) {
                    if (!matrix.get(column, row)) {
                        column++;
                        continue;
                    }
                    int run = column;
                    while (run < matrix.getWidth() && matrix.get(run, row)) {
                        run++;
                    }
                    content.addRect(left + column * module, top - (row + 1) * module, (run - column) * module, module);
                    column = run;
                }
            }
            content.fill();
            y = top - QR_SIDE;
        }

        private void voided() throws IOException {
            float top = y;
            float height = 90;
            content.setStrokingColor(VOID);
            content.setLineWidth(2);
            content.addRect(MARGIN, top - height, WIDTH, height);
            content.stroke();
            gap(14);
            centered(fonts.bold, 26, VOID, "VOID");
            gap(14);
            centered(fonts.regular, 11, VOID, "This ticket was refunded and is not valid for entry.");
            y = top - height;
        }

        private void rule() throws IOException {
            content.setStrokingColor(MUTED);
            content.setLineWidth(0.5f);
            content.moveTo(MARGIN, y);
            content.lineTo(MARGIN + WIDTH, y);
            content.stroke();
        }

        private void line(PDType1Font font, float size, Color color, String text) throws IOException {
            show(font, size, color, MARGIN, text);
        }

        private void centered(PDType1Font font, float size, Color color, String text) throws IOException {
            String printable = fonts.printable(text);
            show(font, size, color, MARGIN + (WIDTH - width(printable, font, size)) / 2, printable);
        }

        /** One line whose glyphs take {@code size} points below the current position. */
        private void show(PDType1Font font, float size, Color color, float x, String text) throws IOException {
            y -= size;
            content.beginText();
            content.setFont(font, size);
            content.setNonStrokingColor(color);
            content.newLineAtOffset(x, y);
            content.showText(fonts.printable(text));
            content.endText();
        }

        private void gap(float points) {
            y -= points;
        }

        /** Greedy word wrap to the text width; a word longer than a line is cut. */
        private List<String> wrap(String text, PDType1Font font, float size) throws IOException {
            List<String> lines = new ArrayList<>();
            StringBuilder current = new StringBuilder();
            for (String word : fonts.printable(text).strip().split(" +")) {
                String candidate = current.isEmpty() ? word : current + " " + word;
                if (width(candidate, font, size) <= WIDTH) {
                    current.setLength(0);
                    current.append(candidate);
                    continue;
                }
                if (!current.isEmpty()) {
                    lines.add(current.toString());
                }
                current.setLength(0);
                current.append(word);
                while (width(current.toString(), font, size) > WIDTH && current.length() > 1) {
                    int fits = current.length() - 1;
                    while (fits > 1 && width(current.substring(0, fits), font, size) > WIDTH) {
                        fits--;
                    }
                    lines.add(current.substring(0, fits));
                    current.delete(0, fits);
                }
            }
            if (!current.isEmpty()) {
                lines.add(current.toString());
            }
            return lines;
        }

        private static float width(String text, PDType1Font font, float size) throws IOException {
            return font.getStringWidth(text) / 1000 * size;
        }
    }
}
