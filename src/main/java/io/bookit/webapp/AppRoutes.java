package io.bookit.webapp;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.regex.Pattern;

/**
 * Client-side routes of the web app (src/main/webui, served by Quinoa) load directly: a browser's navigation (a GET
 * that accepts {@code text/html}) to a page path such as {@code /events/{id}} is answered with the app's index.html,
 * as {@code /} is. Other requests are left alone, so scripts and modules (Vite's {@code /@vite/client} in dev mode)
 * are never answered with the page. Quinoa's own SPA fallback cannot do it
 * here: the REST layer sits at the root path and answers every path it does not know with a problem+json 404 before
 * the fallback runs. API ({@code /api}), management ({@code /q}) and file paths (with an extension) are left alone,
 * so an unknown API path is still a problem+json 404 and a missing file a plain 404.
 */
@ApplicationScoped
class AppRoutes {

    /** Before Quinoa (1100) and the REST layer; the rerouted "/" then reaches Quinoa's index.html. */
    static final int ORDER = 1000;
    private static final Pattern NOT_A_PAGE = Pattern.compile("^/(api|q)(/.*)?$|\\.[A-Za-z0-9]+$");

    void install(@Observes Router router) {
        router.route().order(ORDER).handler(this::handle);
    }

    private void handle(RoutingContext context) {
        String path = context.normalizedPath();
        cacheHeaders(context, path);
        String accept = context.request().getHeader(HttpHeaders.ACCEPT);
        boolean page = (context.request().method() == HttpMethod.GET || context.request().method() == HttpMethod.HEAD)
                && accept != null && accept.contains("text/html")
                && !"/".equals(path) && !NOT_A_PAGE.matcher(path).find();
        if (page) {
            context.reroute("/");
        } else {
            context.next();
        }
    }

    /**
     * Vite names every built script and style sheet by its content hash: a browser may keep them for good. The page
     * itself must be asked for again, or a new release would never reach a buyer who has been here before.
     */
    private static void cacheHeaders(RoutingContext context, String path) {
        String value = path.startsWith("/assets/") ? "public, max-age=31536000, immutable"
                : "/".equals(path) || "/index.html".equals(path) ? "no-cache" : null;
        if (value != null) {
            context.addHeadersEndHandler(ignored -> {
                if (context.response().getStatusCode() == 200) {
                    context.response().headers().set(HttpHeaders.CACHE_CONTROL, value);
                }
            });
        }
    }
}
