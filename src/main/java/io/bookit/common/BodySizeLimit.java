package io.bookit.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.UncheckedIOException;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code quarkus.http.limits.max-body-size} refused as {@code application/problem+json} (413 {@code payload-too-large})
 * instead of Quarkus' empty 413. Runs before Quarkus' own check: a declared {@code Content-Length} over the limit is
 * answered at once, without reading the body, and the connection is closed as Quarkus would; a chunked body (no length
 * declared) is read here up to the limit by Vert.x' body handler, which the REST layer then takes the body from, and
 * refused as soon as it goes past it.
 */
@ApplicationScoped
public class BodySizeLimit {

    static final String TYPE = "payload-too-large";

    private final long maxBytes;
    private final ObjectMapper json;
    private final BodyHandler chunked;

    BodySizeLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize, ObjectMapper json) {
        this.maxBytes = maxBodySize.asLongValue();
        this.json = json;
        this.chunked = BodyHandler.create(false).setBodyLimit(maxBytes);
    }

    void install(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::check).failureHandler(this::refused);
    }

    void check(RoutingContext context) {
        HttpServerRequest request = context.request();
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            if (request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null) {
                chunked.handle(context);
            } else {
                context.next();
            }
            return;
        }
        if (declaredLength(length) > maxBytes) {
            HttpServerResponse response = context.response();
            response.putHeader(HttpHeaders.CONNECTION, "close").endHandler(ended -> request.connection().close());
            answer(response);
        } else {
            context.next();
        }
    }

    /** The chunked body went past the limit ({@link BodyHandler} fails with 413); other failures are not ours. */
    void refused(RoutingContext context) {
        if (context.statusCode() == 413 && !context.response().headWritten()) {
            answer(context.response());
        } else {
            context.next();
        }
    }

    private void answer(HttpServerResponse response) {
        Problem problem = Problem.of(413, TYPE, "Payload too large",
                "A request body may have at most " + maxBytes + " bytes", Map.of("maxBytes", maxBytes));
        try {
            response.setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE.toString())
                    .end(json.writeValueAsString(problem));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long declaredLength(String header) {
        try {
            return Long.parseLong(header.strip());
        } catch (NumberFormatException e) {
            return -1; // Vert.x refuses a malformed length before any route
        }
    }
}
