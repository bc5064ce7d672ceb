package io.bookit.common;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpServerResponse;
import jakarta.ws.rs.core.MediaType;
import java.io.UncheckedIOException;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** The RFC 9457 body. {@code type} is a stable URI per kind of error; extensions sit beside the standard fields. */
@JsonPropertyOrder({ "type", "title", "status", "detail", "instance" })
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance,
        @JsonAnyGetter Map<String, Object> extensions) {

    public static final String TYPE_BASE = "https://bookit.dev/problems/";
    public static final MediaType MEDIA_TYPE = new MediaType("application", "problem+json");

    public static Problem of(int status, String slug, String title, String detail, Map<String, Object> extensions) {
        return new Problem(TYPE_BASE + slug, title, status, detail, null, extensions);
    }

    /** The body of a {@link ProblemException} (its headers travel beside it). */
    public static Problem of(ProblemException e) {
        return of(e.status(), e.type(), e.title(), e.getMessage(), e.extensions());
    }

    public Response toResponse() {
        return Response.status(status).type(MEDIA_TYPE).entity(this).build();
    }

    /** Answers with the problem (status, its headers, the JSON body) from a Vert.x route in front of the REST layer. */
    public static void send(HttpServerResponse response, ProblemException problem, ObjectMapper json) {
        response.setStatusCode(problem.status()).putHeader("Content-Type", MEDIA_TYPE.toString());
        problem.headers().forEach(response::putHeader);
        try {
            response.end(json.writeValueAsString(of(problem)));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
