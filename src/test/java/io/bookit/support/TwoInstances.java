package io.bookit.support;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Two instances of the packaged app on one fresh PostgreSQL database, one Redis database and the tests' RabbitMQ
 * vhost ({@link TestBroker}), for the failsafe ITs
 * ({@code ./mvnw verify}, after packaging) that show what several instances share.
 * <p>
 * Why processes and not a second Quarkus app in the test JVM: a {@code @QuarkusTest} JVM runs one application, and
 * {@code java -jar target/quarkus-app/quarkus-run.jar} is exactly what production runs, two of which share nothing
 * but the database and Redis. Both get the same production settings ({@link PackagedApp#productionSettings()}), so a
 * token minted by one is accepted by the other. Each serves health and metrics on its port + 100.
 */
public final class TwoInstances implements AutoCloseable {

    static final int MANAGEMENT_PORT_OFFSET = 100;

    public final int portA;
    public final int portB;
    private final List<Process> processes;

    private TwoInstances(int portA, int portB, List<Process> processes) {
        this.portA = portA;
        this.portB = portB;
        this.processes = processes;
    }

    /** Starts A, waits until it is ready (it migrates the schema), then B. Logs go to target/it-{name}-a|b.log. */
    public static TwoInstances start(String name, String database, String redisUrl, int portA, int portB,
            Map<String, String> env) throws Exception {
        PackagedApp.recreateDatabase(database);
        TestBroker.ensureVhost();
        Process a = start(name + "-a", portA, database, redisUrl, env);
        PackagedApp.awaitReady(portA + MANAGEMENT_PORT_OFFSET, a);
        Process b = start(name + "-b", portB, database, redisUrl, env);
        PackagedApp.awaitReady(portB + MANAGEMENT_PORT_OFFSET, b);
        return new TwoInstances(portA, portB, List.of(a, b));
    }

    @Override
    public void close() throws InterruptedException {
        for (Process instance : processes) {
            instance.destroy();
            if (!instance.waitFor(10, TimeUnit.SECONDS)) {
                instance.destroyForcibly();
            }
        }
    }

    private static Process start(String name, int port, String database, String redisUrl, Map<String, String> extra)
            throws Exception {
        Map<String, String> env = PackagedApp.productionSettings();
        env.putAll(PackagedApp.services(database, redisUrl));
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(port + MANAGEMENT_PORT_OFFSET));
        env.putAll(extra);
        return PackagedApp.start(name, env);
    }
}
