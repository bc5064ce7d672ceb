package bookit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time (utime + stime, in clock ticks) of the processes of a sale, read from /proc: the app, the PostgreSQL
 * backends connected to the bench database, redis-server, the RabbitMQ broker and this JVM (the load generator);
 * and the app's own threads by kind (JIT compilers, GC, event loops, workers), which no Java profiler shows: JFR
 * samples Java code only, so a JIT still compiling hides from it. Linux only.
 */
final class ProcCpu {

    /** USER_HZ: 100 on every Linux distribution the project runs on (getconf CLK_TCK). */
    static final double MS_PER_TICK = 1000.0 / Long.getLong("clkTck", 100);

    /** The app's threads by kind, from the name the JVM gives them (/proc/PID/task/TID/comm, 15 characters). */
    enum ThreadKind {
        JIT("jit", "C1 CompilerThre", "C2 CompilerThre"),
        GC("gc", "GC Thread", "G1 ", "VM Thread"),
        EVENT_LOOP("eventLoop", "vert.x-eventloo"),
        WORKER("worker", "executor-thread"),
        OTHER("other");

        final String key;
        private final String[] prefixes;

        ThreadKind(String key, String... prefixes) {
            this.key = key;
            this.prefixes = prefixes;
        }

        static ThreadKind of(String comm) {
            for (ThreadKind kind : values()) {
                for (String prefix : kind.prefixes) {
                    if (comm.startsWith(prefix)) {
                        return kind;
                    }
                }
            }
            return OTHER;
        }
    }

    /** One thread of the app: its kind and its ticks so far. */
    record AppThread(ThreadKind kind, long ticks) {
    }

    record Snapshot(long nanos, long app, long postgres, long redis, long generator, long rabbitmq,
            Map<Long, Long> backends, Map<Long, AppThread> appThreads) {

        /** Ticks of the app's threads by kind between {@code start} and this snapshot (threads that ended are lost). */
        long[] appThreadsSince(Snapshot start) {
            long[] ticks = new long[ThreadKind.values().length];
            for (Map.Entry<Long, AppThread> thread : appThreads.entrySet()) {
                AppThread before = start.appThreads.get(thread.getKey());
                ticks[thread.getValue().kind().ordinal()] += thread.getValue().ticks() - (before == null ? 0 : before.ticks());
            }
            return ticks;
        }

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
                ticks(rabbitPid), backends, appThreads());
    }

    private Map<Long, AppThread> appThreads() {
        Map<Long, AppThread> found = new HashMap<>();
        if (appPid <= 0) {
            return found;
        }
        try (var tasks = Files.list(Path.of("/proc", Long.toString(appPid), "task"))) {
            tasks.forEach(task -> {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    found.put(Long.parseLong(task.getFileName().toString()),
                            new AppThread(ThreadKind.of(comm), ticks(stat)));
                } catch (IOException | RuntimeException gone) {
                    // the thread ended while we looked
                }
            });
        } catch (IOException gone) {
            // the app ended
        }
        return found;
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

    /** Fields 14 and 15 of /proc/PID/stat (or of a task), counted after the command name (which may hold spaces). */
    static long ticks(long pid) {
        if (pid <= 0) {
            return 0;
        }
        try {
            return ticks(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }

    private static long ticks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
