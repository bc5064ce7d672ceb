package io.bookit.webhook;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.net.SocketAddress;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import io.vertx.mutiny.ext.web.codec.BodyCodec;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * One attempt of a delivery: resolve and check the target ({@link WebhookTargets}), then POST the body, signed now,
 * to the checked address with the Vert.x WebClient (non-blocking; a bounded connection pool per target, no
 * redirects). The whole attempt, resolution included, has {@code bookit.webhooks.timeout}; the answer is read up to
 * {@code bookit.webhooks.max-response-body} bytes.
 */
@ApplicationScoped
class WebhookGateway {

    /** What an attempt came to: an HTTP status (null when none came back) or what went wrong. */
    record Attempt(Integer status, int durationMs, String responseBody, String error) {

        boolean succeeded() {
            return status != null && status >= 200 && status < 300;
        }
    }

    private final WebClient client;
    private final WebhookTargets targets;
    private final WebhookConfig config;

    WebhookGateway(Vertx vertx, WebhookTargets targets, WebhookConfig config) {
        this.targets = targets;
        this.config = config;
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setMaxPoolSize(config.maxConnectionsPerEndpoint())
                .setConnectTimeout((int) config.timeout().toMillis())
                .setFollowRedirects(false)
                .setUserAgent("Bookit-Webhooks/1.0")
                .setVerifyHost(true)
                .setForceSni(true)); // TLS names the host, though the connection goes to the checked address
    }

    @PreDestroy
    void close() {
        client.close();
    }

    Uni<Attempt> send(URI url, String body, List<String> secrets) {
        long started = System.nanoTime();
        return targets.resolve(url)
                .chain(address -> post(url, address, body, secrets))
                .ifNoItem().after(config.timeout()).failWith(TimeoutException::new)
                .map(response -> new Attempt(response.statusCode(), since(started), response.body(), null))
                .onFailure().recoverWithItem(failure -> new Attempt(null, since(started), null, describe(failure)));
    }

    private Uni<HttpResponse<String>> post(URI url, InetAddress address, String body, List<String> secrets) {
        boolean tls = "https".equalsIgnoreCase(url.getScheme());
        int port = url.getPort() != -1 ? url.getPort() : tls ? 443 : 80;
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        RequestOptions options = new RequestOptions().setHost(url.getHost()).setPort(port).setSsl(tls)
                .setURI(url.getRawQuery() == null ? path : path + "?" + url.getRawQuery());
        return client.request(HttpMethod.POST, SocketAddress.inetSocketAddress(port, address.getHostAddress()), options)
                .putHeader("Content-Type", "application/json")
                .putHeader(WebhookSignature.HEADER,
                        WebhookSignature.header(Instant.now().getEpochSecond(), body, secrets))
                .timeout(config.timeout().toMillis())
                .as(BodyCodec.<String>newInstance(new LimitedBody(config.maxResponseBody())))
                .sendBuffer(Buffer.buffer(body));
    }

    private static int since(long startedNanos) {
        return (int) ((System.nanoTime() - startedNanos) / 1_000_000);
    }

    private static String describe(Throwable failure) {
        if (failure instanceof WebhookTargets.RefusedTarget refused) {
            return "refused: " + refused.getMessage();
        }
        if (failure instanceof TimeoutException || failure instanceof io.netty.handler.timeout.TimeoutException
                || failure.getClass().getSimpleName().contains("Timeout")) {
            return "timeout";
        }
        String message = failure.getMessage();
        return failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
