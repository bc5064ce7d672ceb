package io.bookit.edge;

import io.bookit.auth.AuthResource;
import io.bookit.order.OrderResource;
import io.bookit.ratelimit.RateLimiter;
import io.bookit.seating.HoldResource;
import io.bookit.waitingroom.WaitingRoomResource;
import io.vertx.core.http.HttpMethod;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/**
 * The rate-limited calls the early-refusal route recognizes, each taken from its resource method's own
 * {@code @Path} (the class's and the method's) and HTTP method, so that a resource that moves its path moves the
 * route with it. A path parameter whose Java type is {@link UUID} matches only a UUID, as the REST layer would.
 */
final class EdgeRoutes {

    /** One route: the call, its HTTP method, and its path template's segments ({@code null}: a parameter). */
    record Route(RateLimiter.Call call, HttpMethod method, List<String> segments, List<Boolean> uuidParams,
            int eventIdSegment) {

        /** The event id when the route names one ({@code {id}} of an event path), else null; valid after a match. */
        UUID eventId(String[] parts) {
            return eventIdSegment < 0 ? null : UUID.fromString(parts[eventIdSegment]);
        }

        boolean matches(HttpMethod method, String[] parts) {
            if (method != this.method || parts.length != segments.size()) {
                return false;
            }
            for (int i = 0; i < parts.length; i++) {
                String literal = segments.get(i);
                if (literal != null ? !literal.equals(parts[i]) : uuidParams.get(i) && !isUuid(parts[i])) {
                    return false;
                }
            }
            return true;
        }
    }

    static final List<Route> ROUTES = List.of(
            route(RateLimiter.Call.LOGIN, AuthResource.class, "login"),
            route(RateLimiter.Call.REGISTER, AuthResource.class, "register"),
            route(RateLimiter.Call.ORDERS, OrderResource.class, "place"),
            route(RateLimiter.Call.HOLDS, HoldResource.class, "place"),
            route(RateLimiter.Call.QUEUE_JOINS, WaitingRoomResource.class, "join"),
            route(RateLimiter.Call.QUEUE_POLLS, WaitingRoomResource.class, "status"));

    private EdgeRoutes() {
    }

    /** The route a request is, by the resources' paths; null for every other request. */
    static Route match(HttpMethod method, String[] parts) {
        if (method != HttpMethod.GET && method != HttpMethod.POST) {
            return null;
        }
        for (Route route : ROUTES) {
            if (route.matches(method, parts)) {
                return route;
            }
        }
        return null;
    }

    static Route route(RateLimiter.Call call, Class<?> resource, String methodName) {
        Method method = null;
        for (Method candidate : resource.getMethods()) {
            if (candidate.getName().equals(methodName) && candidate.isAnnotationPresent(Path.class)) {
                if (method != null) {
                    throw new IllegalStateException(resource.getSimpleName() + "." + methodName + " is overloaded");
                }
                method = candidate;
            }
        }
        if (method == null) {
            throw new IllegalStateException("No resource method " + resource.getSimpleName() + "." + methodName);
        }
        HttpMethod http = method.isAnnotationPresent(POST.class) ? HttpMethod.POST
                : method.isAnnotationPresent(GET.class) ? HttpMethod.GET : null;
        if (http == null) {
            throw new IllegalStateException(resource.getSimpleName() + "." + methodName + " is neither GET nor POST");
        }
        String template = resource.getAnnotation(Path.class).value() + "/" + method.getAnnotation(Path.class).value();
        String[] parts = split(template.replaceAll("/+", "/"));
        List<String> segments = new ArrayList<>();
        List<Boolean> uuids = new ArrayList<>();
        int eventIdSegment = -1;
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (part.startsWith("{") && part.endsWith("}")) {
                String name = part.substring(1, part.length() - 1);
                boolean uuid = pathParamType(method, name) == UUID.class;
                segments.add(null);
                uuids.add(uuid);
                if (uuid && i > 0 && parts[i - 1].equals("events")) {
                    eventIdSegment = i;
                }
            } else {
                segments.add(part);
                uuids.add(false);
            }
        }
        return new Route(call, http, Collections.unmodifiableList(segments), List.copyOf(uuids), eventIdSegment);
    }

    private static Class<?> pathParamType(Method method, String name) {
        for (Parameter parameter : method.getParameters()) {
            PathParam param = parameter.getAnnotation(PathParam.class);
            if (param != null && param.value().equals(name)) {
                return parameter.getType();
            }
        }
        throw new IllegalStateException(method + " has no @PathParam " + name);
    }

    /** A path's segments after the leading slash; a trailing slash makes an empty last segment. */
    static String[] split(String path) {
        return (path.startsWith("/") ? path.substring(1) : path).split("/", -1);
    }

    private static boolean isUuid(String value) {
        try {
            UUID.fromString(value);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
