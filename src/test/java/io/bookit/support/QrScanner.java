package io.bookit.support;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.NotFoundException;
import com.google.zxing.Result;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.multi.qrcode.QRCodeMultiReader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Reads the QR code in an image as a door scanner would. ZXing's multi-code reader weighs every triple of
 * finder-pattern candidates: the single-code {@code QRCodeReader} misses about one ticket code in 300 (a data
 * pattern it takes for a finder pattern), even in the pristine PNG, while this one read all of 1,000 random codes.
 */
public final class QrScanner {

    private QrScanner() {
    }

    /** The text of the one QR code the image shows, or null when it shows none. */
    public static String read(BufferedImage image) {
        try {
            Result[] results = new QRCodeMultiReader().decodeMultiple(
                    new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image))),
                    Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE));
            if (results.length != 1) {
                throw new AssertionError("the image shows " + results.length + " QR codes");
            }
            return results[0].getText();
        } catch (NotFoundException e) {
            return null;
        }
    }

    /** The text of the one QR code a PNG (or any image file) shows, or null when it shows none. */
    public static String read(byte[] image) {
        try {
            return read(ImageIO.read(new ByteArrayInputStream(image)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
