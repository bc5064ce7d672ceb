package io.bookit.support;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One instance of the packaged app ({@link PackagedApp}) on given API and management ports, that can be stopped as
 * an orchestrator stops it (SIGTERM, then waiting for it to drain and exit) and started again with the same
 * settings: the moving part of a rolling deploy. Log: target/it-{name}.log (a restart appends to it).
 */
public final class AppInstance implements AutoCloseable {

    public final String name;
    public final int port;
    public final int managementPort;
    private final Map<String, String> env;
    private Process process;
    private boolean started;

    private AppInstance(String name, int port, int managementPort, Map<String, String> env) {
        this.name = name;
        this.port = port;
        this.managementPort = managementPort;
        this.env = env;
    }

    /**
     * Starts the instance with the production settings ({@link PackagedApp#productionSettings()}), its ports and
     * {@code extra} (the services it uses, anything else), and waits until it is ready.
     */
    public static AppInstance start(String name, int port, int managementPort, Map<String, String> extra)
            throws Exception {
        Map<String, String> env = PackagedApp.productionSettings();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort));
        env.putAll(extra);
        AppInstance instance = new AppInstance(name, port, managementPort, new HashMap<>(env));
        instance.start();
        return instance;
    }

    /** Starts it (again) and waits for readiness on the management port. */
    public void start() throws Exception {
        process = PackagedApp.start(name, env, started);
        started = true;
        PackagedApp.awaitReady(managementPort, process);
    }

    /** SIGTERM, as an orchestrator sends it; answers the exit code once the process ended (killed after the bound). */
    public int stop(long timeoutSeconds) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        return process.exitValue();
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        if (alive()) {
            stop(30);
        }
    }
}
