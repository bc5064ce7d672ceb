package io.bookit.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * The services of a fault test: a Redis server of the test's own (so that FLUSHALL and SCRIPT FLUSH hit nobody
 * else), and a {@link FaultProxy} in front of it, of the tests' PostgreSQL database and of the tests' RabbitMQ
 * vhost. The app under test reaches all three only through the proxies (Flyway's JDBC connection at start goes
 * straight to PostgreSQL). Use with {@code @WithTestResource(FaultServices.class)} and a
 * {@code @FaultServices.Inject FaultServices services} field.
 * <p>
 * Ports: {@code -Dbookit.test.fault-ports=BASE} puts the Redis server on BASE and the proxies on BASE+1..BASE+3
 * (a build's own range on a shared machine); without it, free ports.
 */
public class FaultServices implements QuarkusTestResourceLifecycleManager {

    /** Marks the test's field that receives the running services. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface Inject {
    }

    private final Map<String, String> config = new HashMap<>();
    private Process redisServer;
    public int redisPort;
    public FaultProxy redis;
    public FaultProxy postgres;
    public FaultProxy broker;

    @Override
    public void init(Map<String, String> initArgs) {
        config.putAll(initArgs);
    }

    /** After {@link LocalServices}, whose Redis and datasource settings these replace. */
    @Override
    public int order() {
        return Integer.MAX_VALUE;
    }

    @Override
    public Map<String, String> start() {
        int base = Integer.getInteger("bookit.test.fault-ports", 0);
        redisPort = base == 0 ? freePort() : base;
        startRedisServer();
        redis = FaultProxy.start("127.0.0.1", redisPort, base == 0 ? 0 : base + 1);
        String pgHost = System.getProperty("bookit.test.pg-host", "127.0.0.1:5432");
        String[] pg = pgHost.split(":");
        postgres = FaultProxy.start(pg[0], Integer.parseInt(pg[1]), base == 0 ? 0 : base + 2);
        broker = FaultProxy.start(TestBroker.host(), TestBroker.port(), base == 0 ? 0 : base + 3);
        String database = System.getProperty("bookit.test.db", "bookit_test");
        config.put("quarkus.redis.hosts", "redis://127.0.0.1:" + redis.port());
        config.put("quarkus.datasource.reactive.url", "postgresql://127.0.0.1:" + postgres.port() + "/" + database);
        config.put("rabbitmq-host", "127.0.0.1");
        config.put("rabbitmq-port", Integer.toString(broker.port()));
        // come back within a second or two of a restore, not after the connector's default 10 s
        config.put("mp.messaging.connector.smallrye-rabbitmq.reconnect-interval", "1");
        return config;
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(this, new TestInjector.AnnotatedAndMatchesType(Inject.class, FaultServices.class));
    }

    /** Every proxy up again (a test that failed half-way must not leave the next one without services). */
    public void allUp() {
        redis.up();
        postgres.up();
        broker.up();
    }

    /** Runs a command on the test's own Redis server directly (not through the proxy): FLUSHALL, SCRIPT FLUSH. */
    public void redisCommand(String... command) {
        StringBuilder resp = new StringBuilder("*").append(command.length).append("\r\n");
        for (String part : command) {
            resp.append('$').append(part.length()).append("\r\n").append(part).append("\r\n");
        }
        try (Socket socket = new Socket("127.0.0.1", redisPort)) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(resp.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            int first = socket.getInputStream().read();
            if (first != '+' && first != ':') {
                throw new IllegalStateException("Redis refused " + String.join(" ", command));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        for (FaultProxy proxy : new FaultProxy[] {redis, postgres, broker}) {
            if (proxy != null) {
                proxy.close();
            }
        }
        if (redisServer != null) {
            redisServer.destroy();
            try {
                redisServer.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void startRedisServer() {
        try {
            redisServer = new ProcessBuilder("redis-server", "--port", Integer.toString(redisPort), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no")
                    .redirectErrorStream(true)
                    .redirectOutput(Path.of(System.getProperty("user.dir"), "target", "fault-redis.log").toFile())
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("redis-server is needed for the fault tests (apt-get install redis-server)", e);
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> {
                    try (Socket ignored = new Socket("127.0.0.1", redisPort)) {
                        return true;
                    }
                });
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
