package io.bookit.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * A body over {@code quarkus.http.limits.max-body-size} is a 413 {@code application/problem+json}, whether its length is
 * declared or it comes in chunks. Raw sockets: the client must be able to send a length it never sends, and to read the
 * answer to a body it has not finished.
 */
@QuarkusTest
class BodySizeLimitTest {

    private static long maxBytes() {
        return ConfigProvider.getConfig().getValue("quarkus.http.limits.max-body-size", MemorySize.class).asLongValue();
    }

    @Test
    void aDeclaredLengthOverTheLimitIsRefusedBeforeTheBodyIsSent() throws IOException {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("POST /api/venues HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + (maxBytes() + 1) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            assertProblem413(readAll(socket.getInputStream()));
        }
    }

    @Test
    void aChunkedBodyOverTheLimitIsRefused() throws IOException {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/auth/register HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = " ".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
            try {
                for (long sent = 0; sent <= maxBytes(); sent += chunk.length) {
                    out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException closedMeanwhile) {
                // the server may stop reading once it has answered; the answer is still there to read
            }
            assertProblem413(readAll(socket.getInputStream()));
        }
    }

    private static void assertProblem413(String response) {
        assertThat(response).startsWith("HTTP/1.1 413");
        assertThat(response.toLowerCase()).contains("content-type: application/problem+json");
        assertThat(response).contains("\"type\":\"" + Problem.TYPE_BASE + BodySizeLimit.TYPE + "\"")
                .contains("\"maxBytes\":" + maxBytes());
    }

    /** The response up to the end of its body (the server closes the connection, or the declared length is read). */
    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) != -1;) {
                bytes.write(buffer, 0, n);
                String text = bytes.toString(StandardCharsets.UTF_8);
                int headersEnd = text.indexOf("\r\n\r\n");
                java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: (\\d+)").matcher(text);
                if (headersEnd > 0 && length.find() && text.length() >= headersEnd + 4 + Integer.parseInt(length.group(1))) {
                    break;
                }
            }
        } catch (IOException reset) {
            // a reset after the answer: what was read is the answer
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
