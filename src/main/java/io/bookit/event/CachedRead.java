package io.bookit.event;

import jakarta.ws.rs.core.HttpHeaders;
import java.time.Duration;
import java.util.Arrays;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * A read answer with its JSON form (what the cache stores; the ETag is a digest of it). {@code shared} answers are
 * the same for every caller and may be kept by browsers and CDNs; a draft shown to its owner is not.
 */
record CachedRead<T>(T value, String json, boolean shared) {

    /** 200 with {@code Cache-Control} and {@code ETag}, or 304 when the caller's {@code If-None-Match} has the tag. */
    RestResponse<T> respond(String ifNoneMatch, Duration maxAge) {
        if (!shared) {
            return RestResponse.ResponseBuilder.ok(value).header(HttpHeaders.CACHE_CONTROL, "private, no-store").build();
        }
        String cacheControl = maxAge.isZero() ? "public, no-cache" : "public, max-age=" + maxAge.toSeconds();
        String tag = etag();
        RestResponse.ResponseBuilder<T> answer = matches(ifNoneMatch, tag)
                ? RestResponse.ResponseBuilder.<T>notModified(tag)
                : RestResponse.ResponseBuilder.ok(value).tag(tag);
        return answer.header(HttpHeaders.CACHE_CONTROL, cacheControl).build();
    }

    /** The entity tag's value (unquoted): the first 96 bits of the JSON's SHA-256. */
    String etag() {
        return EventCache.digest(json).substring(0, 24);
    }

    /** RFC 9110 weak comparison, as If-None-Match asks: {@code *}, or any listed tag, with or without {@code W/}. */
    private static boolean matches(String ifNoneMatch, String tag) {
        if (ifNoneMatch == null || ifNoneMatch.isBlank()) {
            return false;
        }
        return Arrays.stream(ifNoneMatch.split(",")).map(String::strip)
                .map(candidate -> candidate.startsWith("W/") ? candidate.substring(2) : candidate)
                .anyMatch(candidate -> candidate.equals("*") || candidate.equals("\"" + tag + "\""));
    }
}
