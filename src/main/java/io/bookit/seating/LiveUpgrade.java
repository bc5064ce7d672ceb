package io.bookit.seating;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bookit.common.ClientAddress;
import io.bookit.common.Problem;
import io.bookit.common.ProblemException;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.quarkus.websockets.next.UserData;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.UUID;

/**
 * The HTTP upgrade of the live seat map, answered before it becomes a socket: a malformed or unknown event id (or a
 * draft) gets 404 problem+json, a {@code view} other than {@code compact} 400, and so does nothing else of the
 * socket's cost; an address at its cap of sockets 429,
 * an instance at its cap 503 (see {@link LiveSeatMap#refusal}). A Vert.x route in front of the WebSocket endpoint,
 * because an {@link HttpUpgradeCheck} can refuse with a status but not with a body. As the upgrade check it hands the
 * client's address, as Quarkus resolved it (trusted proxies), to the socket, whose own peer is the proxy.
 */
@ApplicationScoped
public class LiveUpgrade implements HttpUpgradeCheck {

    static final String PATH = "/api/events/:id/seats/live";
    /**
     * Before the WebSocket endpoint's route, which Quarkus adds without an order (Vert.x then orders routes by when
     * they were added, from 0), and after the body and header handlers (at the very lowest orders).
     */
    static final int ORDER = RouteConstants.ROUTE_ORDER_COMPRESSION - 1;
    private static final UserData.TypedKey<String> ADDRESS = UserData.TypedKey.forString("bookit.client-address");

    private final LiveSeatMap live;
    private final ObjectMapper json;

    LiveUpgrade(LiveSeatMap live, ObjectMapper json) {
        this.live = live;
        this.json = json;
    }

    void install(@Observes Router router) {
        router.get(PATH).order(ORDER).handler(this::handle);
    }

    void handle(RoutingContext context) {
        UUID eventId = eventId(context.pathParam("id"));
        if (eventId == null) {
            Problem.send(context.response(), noSuchEvent(), json);
            return;
        }
        String view = context.queryParams().get("view");
        if (view != null && !view.equals("compact")) {
            Problem.send(context.response(), SeatMapResource.unknownView(view), json);
            return;
        }
        ProblemException refusal = live.refusal(ClientAddress.of(context.request()));
        if (refusal != null) {
            Problem.send(context.response(), refusal, json);
            return;
        }
        live.layout(eventId, Vertx.currentContext()).subscribe().with(layout -> {
            if (layout == null || layout.draft()) {
                Problem.send(context.response(), noSuchEvent(), json);
            } else {
                context.next();
            }
        }, context::fail);
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext upgrade) {
        upgrade.userData().put(ADDRESS, ClientAddress.of(upgrade.httpRequest()));
        return CheckResult.permitUpgrade();
    }

    /** The client address of a socket as its upgrade saw it. */
    static String addressOf(WebSocketConnection connection) {
        String address = connection.userData().get(ADDRESS);
        return address != null ? address : "unknown";
    }

    private static ProblemException noSuchEvent() {
        return ProblemException.notFound("Event");
    }

    private static UUID eventId(String id) {
        try {
            return id == null ? null : UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
