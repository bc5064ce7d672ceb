package io.bookit.seating;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisConnection;
import io.vertx.mutiny.redis.client.Response;
import java.util.function.Consumer;

/**
 * One Redis subscription to an event's feed (SUBSCRIBE, or SSUBSCRIBE on a Redis Cluster: {@link FeedPubSub}), on a
 * connection of its own from the Quarkus reactive client named {@code feed}. On a cluster, the client sends the
 * SSUBSCRIBE to the node that owns the channel's slot. Completes only once Redis confirmed the subscription: from
 * then on every change is received, which is what lets a snapshot read afterwards line up with the first delta.
 * <p>
 * Not {@code ReactiveRedisDataSource.pubsub(..).subscribe(..)}: in Quarkus 3.33 it installs its connection handler
 * only after SUBSCRIBE was written, so when Redis's confirmation is read on the connection's event loop first, it is
 * dropped ("No handler waiting for message: [subscribe, ...]") and the returned Uni never completes. Seen in
 * SeatMapSocketTest on this machine; here the handler is installed before the command is sent.
 */
final class FeedSubscription {

    private final RedisConnection connection;
    private final FeedPubSub pubSub;
    private final String channel;
    private volatile boolean closing;

    private FeedSubscription(RedisConnection connection, FeedPubSub pubSub, String channel) {
        this.connection = connection;
        this.pubSub = pubSub;
        this.channel = channel;
    }

    /** {@code messages} and {@code lost} are called on the connection's event loop. */
    static Uni<FeedSubscription> open(Redis redis, FeedPubSub pubSub, String channel, Consumer<String> messages,
            Consumer<String> lost) {
        return redis.connect().chain(connection -> {
            FeedSubscription subscription = new FeedSubscription(connection, pubSub, channel);
            return Uni.createFrom().<FeedSubscription>emitter(confirmed -> subscription.start(messages, lost, confirmed))
                    .onFailure().call(connection::close);
        });
    }

    private void start(Consumer<String> messages, Consumer<String> lost, UniEmitter<? super FeedSubscription> confirmed) {
        connection.handler(push -> {
            String kind = push.size() > 0 ? push.get(0).toString() : "";
            if (pubSub.isMessage(kind) && push.size() >= 3) {
                messages.accept(push.get(2).toString());
            } else if (pubSub.isConfirmation(kind)) {
                confirmed.complete(this);
            }
        }).exceptionHandler(failure -> {
            confirmed.fail(failure);
            if (!closing) {
                lost.accept(failure.toString());
            }
        }).endHandler(() -> {
            if (!closing) {
                lost.accept("connection closed");
            }
        });
        connection.send(pubSub.subscribe(channel)).subscribe().with(
                reply -> {
                    if (isConfirmation(reply)) {
                        confirmed.complete(this);
                    }
                },
                confirmed::fail);
    }

    private boolean isConfirmation(Response reply) {
        return reply != null && reply.size() > 0 && pubSub.isConfirmation(reply.get(0).toString());
    }

    /** Unsubscribes and gives the connection back. */
    void close() {
        closing = true;
        connection.send(pubSub.unsubscribe(channel))
                .onItemOrFailure().transformToUni((reply, failure) -> connection.close())
                .subscribe().with(ignored -> {
                }, failure -> Log.debugf("Closing the subscription to %s failed: %s", channel, failure));
    }
}
