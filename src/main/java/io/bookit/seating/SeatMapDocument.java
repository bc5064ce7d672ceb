package io.bookit.seating;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * A seat map answer encoded once and served many times: its JSON bytes and a strong ETag (a digest of the bytes).
 * {@code If-None-Match} with it is answered 304. Clients that accept gzip get the bytes gzipped by the HTTP layer
 * ({@code @Compressed} on the resource method).
 * <p>
 * Not gzipped once and kept: Quarkus 3.33 puts {@code Content-Encoding: identity} on every answer when compression is
 * enabled and a resource cannot replace it, so pre-gzipped bytes went out gzipped a second time (tried).
 */
record SeatMapDocument(byte[] json, String etag) {

    static final String NO_CACHE = "no-cache";
    static final String IMMUTABLE = "public, max-age=31536000, immutable";
    static final String PRIVATE = "private, no-cache";

    static SeatMapDocument of(byte[] json) {
        return new SeatMapDocument(json, "\"" + digest(json) + "\"");
    }

    /** What it weighs in a cache, in bytes. */
    int weight() {
        return json.length + 64;
    }

    Response response(HttpHeaders request, String cacheControl) {
        return response(request, cacheControl, true);
    }

    /** {@code compressible} false: never gzipped (too small to gain from it). */
    Response response(HttpHeaders request, String cacheControl, boolean compressible) {
        Response.ResponseBuilder answer = matches(request.getHeaderString(HttpHeaders.IF_NONE_MATCH))
                ? Response.notModified()
                : Response.ok(json, MediaType.APPLICATION_JSON_TYPE);
        if (!compressible) {
            answer.header("Content-Encoding", "identity");
        }
        return answer.header(HttpHeaders.ETAG, etag).header(HttpHeaders.CACHE_CONTROL, cacheControl)
                .header(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING).build();
    }

    /** Weak comparison, as If-None-Match asks: the tag with or without {@code W/}, or {@code *}. */
    private boolean matches(String ifNoneMatch) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String value = candidate.trim();
            if (value.startsWith("W/")) {
                value = value.substring(2);
            }
            if (value.equals("*") || value.equals(etag)) {
                return true;
            }
        }
        return false;
    }

    private static String digest(byte[] bytes) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(bytes);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash).substring(0, 22);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
