package io.bookit.common;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A client-visible failure with an RFC 9457 shape. Subclasses name the domain error; {@link ProblemMapper}
 * turns every instance into {@code application/problem+json} in one place.
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String type;
    private final String title;
    private final Map<String, Object> extensions = new LinkedHashMap<>();
    private final Map<String, String> headers = new LinkedHashMap<>();

    public ProblemException(int status, String type, String title, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.type = type;
        this.title = title;
    }

    public ProblemException with(String name, Object value) {
        extensions.put(name, value);
        return this;
    }

    /** A response header to send with the problem, such as {@code Retry-After}. */
    public ProblemException header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public int status() {
        return status;
    }

    /** Whether {@code failure} is a problem of this type (match on a type's constant, never on a literal). */
    public static boolean is(Throwable failure, String type) {
        return failure instanceof ProblemException problem && problem.type.equals(type);
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public Map<String, Object> extensions() {
        return extensions;
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(404, "not-found", "Not found", what + " not found");
    }

    /** The same shape as a Bean Validation failure: 400 with {@code errors: [{field, message}]}. */
    public static ProblemException validation(String field, String message) {
        return new ProblemException(400, "validation", "Invalid request", field + ": " + message)
                .with("errors", java.util.List.of(Map.of("field", field, "message", message)));
    }

    public static ProblemException invalid(String detail) {
        return new ProblemException(422, "invalid-request", "Request cannot be processed", detail);
    }

    public static ProblemException conflict(String type, String detail) {
        return new ProblemException(409, type, "Conflict", detail);
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(403, "forbidden", "Forbidden", detail);
    }
}
