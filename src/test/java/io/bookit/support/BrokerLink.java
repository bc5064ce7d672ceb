package io.bookit.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay between the app and the local RabbitMQ ({@link TestBroker}) that a test can cut and restore, or hold:
 * the broker goes away, or stops answering, for this one app only, while the machine's broker keeps serving every
 * other build. Use it with
 * {@code @WithTestResource(BrokerLink.class)} and a {@code @BrokerLink.Inject BrokerLink link} field; init args are
 * passed on as configuration of that app.
 */
public class BrokerLink implements QuarkusTestResourceLifecycleManager {

    /** Marks the test's field that receives the running link. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface Inject {
    }

    private final Map<String, String> config = new HashMap<>();
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile boolean up = true;
    private boolean held;
    private ServerSocket server;

    @Override
    public void init(Map<String, String> initArgs) {
        config.putAll(initArgs);
    }

    @Override
    public Map<String, String> start() {
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new IllegalStateException("Cannot open the broker link", e);
        }
        Thread acceptor = new Thread(this::accept, "broker-link");
        acceptor.setDaemon(true);
        acceptor.start();
        config.put("rabbitmq-host", server.getInetAddress().getHostAddress());
        config.put("rabbitmq-port", Integer.toString(server.getLocalPort()));
        // come back within a second or two of a restore, not after the connector's default 10 s
        config.put("mp.messaging.connector.smallrye-rabbitmq.reconnect-interval", "1");
        return config;
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(this, new TestInjector.AnnotatedAndMatchesType(Inject.class, BrokerLink.class));
    }

    /** Drops the app's connections to the broker and refuses new ones until {@link #restore()}. */
    public void cut() {
        up = false;
        for (Socket socket : sockets) {
            close(socket);
        }
    }

    public void restore() {
        up = true;
    }

    /** Keeps the connections open but passes no byte either way until {@link #release()}: a broker that stalls. */
    public synchronized void hold() {
        held = true;
    }

    public synchronized void release() {
        held = false;
        notifyAll();
    }

    private synchronized void awaitReleased() throws InterruptedException {
        while (held) {
            wait();
        }
    }

    @Override
    public void stop() {
        release();
        cut();
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket app = server.accept();
                if (!up) {
                    close(app);
                    continue;
                }
                Socket broker = new Socket(TestBroker.host(), TestBroker.port());
                sockets.add(app);
                sockets.add(broker);
                pump(app, broker);
                pump(broker, app);
            } catch (IOException e) {
                // the server socket closed, or the broker refused: the app retries
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int read; (read = in.read(buffer)) >= 0;) {
                    awaitReleased();
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (IOException | InterruptedException ignored) {
                // cut, or closed by either side
            } finally {
                close(from);
                close(to);
            }
        }, "broker-link-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private void close(Socket socket) {
        sockets.remove(socket);
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
