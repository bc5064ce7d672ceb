package io.bookit.webhook;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** A real local HTTP receiver (WireMock) for webhook tests, and the receiver's side of the signature check. */
final class WebhookReceiver implements AutoCloseable {

    final WireMockServer server;

    private WebhookReceiver(int port) {
        server = new WireMockServer(options().port(port).bindAddress("127.0.0.1"));
        server.start();
    }

    static WebhookReceiver start() {
        return new WebhookReceiver(freePort());
    }

    static WebhookReceiver startOn(int port) {
        return new WebhookReceiver(port);
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Answers 200 at the path; the URL to subscribe. */
    String accept(String path) {
        server.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(200).withBody("ok")));
        return url(path);
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    List<LoggedRequest> received(String path) {
        return server.findAll(postRequestedFor(urlEqualTo(path)));
    }

    /** The bodies received at the path, as JSON. */
    List<JsonObject> bodies(String path) {
        List<JsonObject> bodies = new ArrayList<>();
        received(path).forEach(request -> bodies.add(new JsonObject(request.getBodyAsString())));
        return bodies;
    }

    @Override
    public void close() {
        server.stop();
    }

    /**
     * The recipe of docs/WEBHOOKS.md: take t and every v1 from Bookit-Signature, refuse a t more than 5 minutes away,
     * compute hex(HMAC-SHA256(secret, t + "." + raw body)) and compare it in constant time with each v1.
     */
    static boolean verifies(String header, String rawBody, String secret) {
        long t = -1;
        List<String> signatures = new ArrayList<>();
        for (String part : header.split(",")) {
            String[] kv = part.split("=", 2);
            if (kv.length == 2 && kv[0].equals("t")) {
                t = Long.parseLong(kv[1]);
            } else if (kv.length == 2 && kv[0].equals("v1")) {
                signatures.add(kv[1]);
            }
        }
        if (t < 0 || Math.abs(Instant.now().getEpochSecond() - t) > 300) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] expected = HexFormat.of().formatHex(mac.doFinal((t + "." + rawBody).getBytes(StandardCharsets.UTF_8)))
                    .getBytes(StandardCharsets.UTF_8);
            for (String signature : signatures) {
                if (MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.UTF_8))) {
                    return true;
                }
            }
            return false;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
