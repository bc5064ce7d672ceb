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
 * token minted by one is accepted by the other. Both listen on ports the kernel picked and keep their data in the
 * build's own databases ({@link PackagedApp#database}, {@link PackagedApp#freshRedis}), so that the ITs run beside
 * {@code bin/dev} or another build.
 */
public final class TwoInstances implements AutoCloseable {

    public final int portA;
    public final int portB;
    /** The Redis both use. */
    public final String redisUrl;
    private final List<Process> processes;

    private TwoInstances(int portA, int portB, String redisUrl, List<Process> processes) {
        this.portA = portA;
        this.portB = portB;
        this.redisUrl = redisUrl;
        this.processes = processes;
    }

    /**
     * Starts A on a new database {@code <build's test database>_it_<name>} and the build's emptied Redis database,
     * waits until it is ready (it migrates the schema), then B. Logs go to target/it-{name}-a|b.log.
     */
    public static TwoInstances start(String name, Map<String, String> env) throws Exception {
        String database = PackagedApp.database(name);
        PackagedApp.recreateDatabase(database);
        String redisUrl = PackagedApp.freshRedis();
        TestBroker.ensureVhost();
        int portA = PackagedApp.freePort();
        int managementA = PackagedApp.freePort();
        Process a = start(name + "-a", portA, managementA, database, redisUrl, env);
        PackagedApp.awaitReady(managementA, a);
        int portB = PackagedApp.freePort();
        int managementB = PackagedApp.freePort();
        Process b = start(name + "-b", portB, managementB, database, redisUrl, env);
        PackagedApp.awaitReady(managementB, b);
        return new TwoInstances(portA, portB, redisUrl, List.of(a, b));
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

    private static Process start(String name, int port, int managementPort, String database, String redisUrl,
            Map<String, String> extra) throws Exception {
        Map<String, String> env = PackagedApp.productionSettings();
        env.putAll(PackagedApp.services(database, redisUrl));
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort));
        env.putAll(extra);
        return PackagedApp.start(name, env);
    }
}
