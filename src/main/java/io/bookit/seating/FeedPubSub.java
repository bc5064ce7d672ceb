package io.bookit.seating;

import io.bookit.common.LuaScript;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import jakarta.inject.Singleton;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * How an event's change feed travels through Redis. On a Redis Cluster ({@code quarkus.redis.client-type=cluster}):
 * sharded pub/sub (Redis 7's SPUBLISH and SSUBSCRIBE), where a message stays on the shard that owns the channel's
 * slot, the slot of the event's keys, instead of being copied to every node of the cluster. On one Redis: plain
 * PUBLISH and SUBSCRIBE, which any Redis version has.
 * <p>
 * The scripts that change seats publish with the command given to them as the constant {@code FEED_PUBLISH}
 * (lua/lib.lua); {@link FeedSubscription} subscribes with the matching command and reads the matching messages.
 */
@Singleton
final class FeedPubSub {

    private final boolean sharded;

    FeedPubSub(@ConfigProperty(name = "quarkus.redis.client-type", defaultValue = "standalone") String clientType) {
        this.sharded = "cluster".equalsIgnoreCase(clientType);
    }

    boolean sharded() {
        return sharded;
    }

    /** A script from src/main/resources/lua that publishes on the feed with this instance's command. */
    LuaScript script(String name) {
        return LuaScript.load(name, Map.of("FEED_PUBLISH", sharded ? "SPUBLISH" : "PUBLISH"));
    }

    Request subscribe(String channel) {
        return Request.cmd(sharded ? Command.SSUBSCRIBE : Command.SUBSCRIBE).arg(channel);
    }

    Request unsubscribe(String channel) {
        return Request.cmd(sharded ? Command.SUNSUBSCRIBE : Command.UNSUBSCRIBE).arg(channel);
    }

    /** The first element of a message pushed to a subscriber: {@code smessage} or {@code message}. */
    boolean isMessage(String kind) {
        return (sharded ? "smessage" : "message").equalsIgnoreCase(kind);
    }

    /** The first element of the answer that confirms a subscription: {@code ssubscribe} or {@code subscribe}. */
    boolean isConfirmation(String kind) {
        return (sharded ? "ssubscribe" : "subscribe").equalsIgnoreCase(kind);
    }
}
