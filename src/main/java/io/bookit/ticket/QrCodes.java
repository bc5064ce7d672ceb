package io.bookit.ticket;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/** QR rendering with ZXing. Blocking CPU work: call it through {@code Workers.call}, never on the event loop. */
final class QrCodes {

    static final String CONTENT_TYPE = "image/png";
    private static final int SIZE = 400;
    private static final int QUIET_ZONE_MODULES = 4;

    private QrCodes() {
    }

    /** A PNG of the code: error correction M (a scuffed phone screen still scans), a 4-module quiet zone. */
    static byte[] png(String content) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
            MatrixToImageWriter.writeToStream(matrix(content, SIZE), "PNG", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The code's modules with the quiet zone, scaled to at least {@code size} pixels a side (0: one pixel a module,
     * for vector drawing as in {@link TicketPdf}).
     */
    static BitMatrix matrix(String content, int size) {
        try {
            return new QRCodeWriter().encode(content, BarcodeFormat.QR_CODE, size, size, Map.of(
                    EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M,
                    EncodeHintType.MARGIN, QUIET_ZONE_MODULES,
                    EncodeHintType.CHARACTER_SET, StandardCharsets.US_ASCII.name()));
        } catch (WriterException e) {
            throw new IllegalStateException("Cannot encode a ticket code as QR", e);
        }
    }

    /** A strong validator for the PNG of a code: the PNG depends only on the code (and this renderer). */
    static String etag(String content) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(
                    ("qr-v1:" + content).getBytes(StandardCharsets.US_ASCII));
            return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
