package io.bookit.common;

import io.vertx.core.http.HttpServerRequest;

/** The client's address for per-address limits (honours X-Forwarded-For when quarkus.http.proxy.* allows it). */
public final class ClientAddress {

    private ClientAddress() {
    }

    public static String of(HttpServerRequest request) {
        return request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
    }
}
