package io.bookit.common;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import jakarta.ws.rs.core.MediaType;
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
}
