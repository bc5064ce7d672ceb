package io.bookit.support;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A TCP proxy between the app and one service (Redis, PostgreSQL, RabbitMQ) that a fault test takes down and brings
 * back, so that the service disappears for this one app while the machine's service keeps serving everybody else.
 * {@link #down()} closes every connection through it and stops listening, so new connections are refused (what a
 * crashed or unreachable server looks like to a client); {@link #up()} listens again on the same port. Built on its
 * own Vert.x ({@code NetServer} + {@code NetClient}), apart from the app's.
 */
public final class FaultProxy implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx();
    private final String targetHost;
    private final int targetPort;
    private final NetClient client;
    private final Set<NetSocket> open = ConcurrentHashMap.newKeySet();
    /** The app's side of each connection, which {@link #freeze()} stops reading. */
    private final Set<NetSocket> apps = ConcurrentHashMap.newKeySet();
    private volatile boolean frozen;
    private volatile NetServer server;
    private volatile int port;

    private FaultProxy(String targetHost, int targetPort) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.client = vertx.createNetClient(new NetClientOptions().setConnectTimeout(2_000));
    }

    /** Starts a proxy to {@code targetHost:targetPort} on {@code port} of the loopback interface (0: any free port). */
    public static FaultProxy start(String targetHost, int targetPort, int port) {
        FaultProxy proxy = new FaultProxy(targetHost, targetPort);
        proxy.listen(port);
        return proxy;
    }

    public int port() {
        return port;
    }

    public boolean isUp() {
        return server != null;
    }

    /** Drops every connection through the proxy and refuses new ones until {@link #up()}. */
    public synchronized void down() {
        NetServer listening = server;
        if (listening == null) {
            return;
        }
        server = null;
        frozen = false;
        await(listening.close());
        open.forEach(NetSocket::close);
        open.clear();
        apps.clear();
    }

    /**
     * Drops every connection through the proxy (a network blip, a server restart) and accepts new ones at once; what a
     * {@link #freeze()} held back is thrown away with them, never delivered.
     */
    public synchronized void cutConnections() {
        frozen = false;
        open.forEach(NetSocket::close);
        open.clear();
        apps.clear();
    }

    /**
     * From now on nothing the app sends reaches the service (a network path that stopped delivering): the proxy stops
     * reading the app's side of every connection, new ones included, while the service's answers to what it already
     * got still come back. Ends with {@link #cutConnections()} or {@link #down()}, which discard what was held back.
     */
    public synchronized void freeze() {
        frozen = true;
        apps.forEach(NetSocket::pause);
    }

    /** Accepts connections again, on the same port. */
    public synchronized void up() {
        if (server == null) {
            listen(port);
        }
    }

    @Override
    public void close() {
        down();
        client.close();
        await(vertx.close());
    }

    private void listen(int wanted) {
        NetServer created = vertx.createNetServer(new NetServerOptions().setHost("127.0.0.1").setPort(wanted)
                .setReuseAddress(true));
        created.connectHandler(this::relay);
        await(created.listen());
        port = created.actualPort();
        server = created;
    }

    private void relay(NetSocket app) {
        if (server == null) {
            app.close();
            return;
        }
        app.pause();
        open.add(app);
        client.connect(targetPort, targetHost).onComplete(connected -> {
            if (connected.failed() || server == null) {
                app.close();
                open.remove(app);
                if (connected.succeeded()) {
                    connected.result().close();
                }
                return;
            }
            NetSocket service = connected.result();
            open.add(service);
            apps.add(app);
            app.closeHandler(ignored -> {
                open.remove(app);
                apps.remove(app);
                service.close();
            });
            service.closeHandler(ignored -> {
                open.remove(service);
                app.close();
            });
            app.pipeTo(service);
            service.pipeTo(app);
            if (frozen) {
                app.pause();
            } else {
                app.resume();
            }
        });
    }

    private static <T> T await(io.vertx.core.Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Fault proxy step failed", e);
        }
    }
}
