package io.bookit.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;

/** Reads a PDF as a person (or a door scanner) would: its pages, their text, the QR code each page shows. */
public final class Pdfs {

    private static final float SCAN_DPI = 150;

    private Pdfs() {
    }

    public static int pageCount(byte[] pdf) {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return document.getNumberOfPages();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text of every page, one entry a page. */
    public static List<String> pageTexts(byte[] pdf) {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            PDFTextStripper stripper = new PDFTextStripper();
            List<String> texts = new ArrayList<>();
            for (int page = 1; page <= document.getNumberOfPages(); page++) {
                stripper.setStartPage(page);
                stripper.setEndPage(page);
                texts.add(stripper.getText(document));
            }
            return texts;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Each page rendered as an image and scanned with ZXing: the QR's text, or null for a page without one. */
    public static List<String> scannedCodes(byte[] pdf) {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            PDFRenderer renderer = new PDFRenderer(document);
            List<String> codes = new ArrayList<>();
            for (int page = 0; page < document.getNumberOfPages(); page++) {
                codes.add(QrScanner.read(renderer.renderImageWithDPI(page, SCAN_DPI, ImageType.GRAY)));
            }
            return codes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
