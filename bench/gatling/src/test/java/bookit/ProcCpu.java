package bookit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time (utime + stime, in clock ticks) of the processes of a sale, read from /proc: the app, the PostgreSQL
 * backends connected to the bench database, redis-server, the RabbitMQ broker and this JVM (the load generator).
 * Linux only.
 */
final class ProcCpu {

    /** USER_HZ: 100 on every Linux distribution the project runs on (getconf CLK_TCK). */
    static final double MS_PER_TICK = 1000.0 / Long.getLong("clkTck", 100);

    record Snapshot(long nanos, long app, long postgres, long redis, long generator, long rabbitmq,
            Map<Long, Long> backends) {

        /** Ticks each process spent between {@code start} and this snapshot; backends born after start count from 0. */
        long[] since(Snapshot start) {
            long pg = 0;
            for (Map.Entry<Long, Long> backend : backends.entrySet()) {
                pg += backend.getValue() - start.backends.getOrDefault(backend.getKey(), 0L);
            }
            return new long[] {app - start.app, pg, redis - start.redis, generator - start.generator,
                    rabbitmq - start.rabbitmq};
        }
    }

    private final long appPid;
    private final long redisPid;
    private final long rabbitPid;
    private final String pgDatabase;

    ProcCpu(long appPid, long redisPid, long rabbitPid, String pgDatabase) {
        this.appPid = appPid;
        this.redisPid = redisPid;
        this.rabbitPid = rabbitPid;
        this.pgDatabase = pgDatabase;
    }

    Snapshot snapshot() {
        Map<Long, Long> backends = backends();
        long pg = backends.values().stream().mapToLong(Long::longValue).sum();
        return new Snapshot(System.nanoTime(), ticks(appPid), pg, ticks(redisPid), ticks(ProcessHandle.current().pid()),
                ticks(rabbitPid), backends);
    }

    /** PostgreSQL backends show their database in their title: "postgres: USER DATABASE ADDRESS STATE". */
    private Map<Long, Long> backends() {
        Map<Long, Long> found = new HashMap<>();
        String marker = " " + pgDatabase + " ";
        try (var dirs = Files.list(Path.of("/proc"))) {
            dirs.forEach(dir -> {
                String name = dir.getFileName().toString();
                if (name.isEmpty() || !Character.isDigit(name.charAt(0))) {
                    return;
                }
                try {
                    String cmdline = new String(Files.readAllBytes(dir.resolve("cmdline")), StandardCharsets.UTF_8);
                    if (cmdline.startsWith("postgres: ") && cmdline.contains(marker)) {
                        found.put(Long.parseLong(name), ticks(Long.parseLong(name)));
                    }
                } catch (IOException | RuntimeException gone) {
                    // the process ended while we looked
                }
            });
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc", e);
        }
        return found;
    }

    /** Fields 14 and 15 of /proc/PID/stat, counted after the command name (which may hold spaces). */
    static long ticks(long pid) {
        if (pid <= 0) {
            return 0;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }
}
