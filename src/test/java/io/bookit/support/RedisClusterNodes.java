package io.bookit.support;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A real Redis Cluster of local processes for the failsafe ITs: six {@code redis-server --cluster-enabled yes} nodes
 * on {@code firstPort..firstPort+5}, joined by {@code redis-cli --cluster create} into three masters with a replica
 * each (16384 slots split in three). Nothing is kept on disk but the nodes' cluster files under
 * {@code target/redis-cluster}; each start is a new, empty cluster. Needs {@code redis-server} and {@code redis-cli}
 * 7 or later (sharded pub/sub) on the PATH.
 */
public final class RedisClusterNodes implements AutoCloseable {

    static final int NODES = 6;

    private final int firstPort;
    private final List<Process> processes;

    private RedisClusterNodes(int firstPort, List<Process> processes) {
        this.firstPort = firstPort;
        this.processes = processes;
    }

    public static RedisClusterNodes start(int firstPort) throws IOException, InterruptedException {
        Path dir = PackagedApp.BASE.resolve("target/redis-cluster");
        List<Process> processes = new ArrayList<>();
        RedisClusterNodes cluster = new RedisClusterNodes(firstPort, processes);
        try {
            for (int port : cluster.ports()) {
                Path nodeDir = dir.resolve(Integer.toString(port));
                deleteRecursively(nodeDir);
                Files.createDirectories(nodeDir);
                processes.add(new ProcessBuilder("redis-server", "--port", Integer.toString(port),
                        "--bind", "127.0.0.1", "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                        "--cluster-node-timeout", "5000", "--save", "", "--appendonly", "no",
                        "--maxmemory-policy", "noeviction",
                        "--dir", nodeDir.toString())
                        .redirectErrorStream(true).redirectOutput(nodeDir.resolve("redis.log").toFile()).start());
            }
            for (int port : cluster.ports()) {
                await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                        .until(() -> "PONG".equals(cluster.cli(port, "PING")));
            }
            List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
            cluster.ports().forEach(port -> create.add("127.0.0.1:" + port));
            create.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
            String created = run(create);
            if (!created.contains("All 16384 slots covered")) {
                throw new IllegalStateException("redis-cli --cluster create failed:\n" + created);
            }
            for (int port : cluster.ports()) {
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                        .until(() -> cluster.cli(port, "CLUSTER", "INFO").contains("cluster_state:ok"));
            }
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    public List<Integer> ports() {
        return IntStream.range(firstPort, firstPort + NODES).boxed().toList();
    }

    /** What {@code QUARKUS_REDIS_HOSTS} takes: every node (the client learns the topology from any of them). */
    public String hosts() {
        return ports().stream().map(port -> "redis://127.0.0.1:" + port).collect(Collectors.joining(","));
    }

    /** A command on one node (no redirects followed), its answer as redis-cli prints it. */
    public String cli(int port, String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of("redis-cli", "-p", Integer.toString(port)));
        line.addAll(List.of(command));
        return run(line).strip();
    }

    /** A command on every node; one answer per node, in port order. */
    public List<String> onEveryNode(String... command) throws IOException, InterruptedException {
        List<String> answers = new ArrayList<>();
        for (int port : ports()) {
            answers.add(cli(port, command));
        }
        return answers;
    }

    /** Subscribers of a channel on all nodes: plain pub/sub ({@code NUMSUB}) or sharded ({@code SHARDNUMSUB}). */
    public long subscribers(String numsub, String channel) throws IOException, InterruptedException {
        long total = 0;
        for (String answer : onEveryNode("PUBSUB", numsub, channel)) {
            String[] lines = answer.split("\n");
            total += Long.parseLong(lines[lines.length - 1].strip());
        }
        return total;
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("Timed out: " + command);
        }
        return output;
    }

    @Override
    public void close() throws InterruptedException {
        for (Process node : processes) {
            node.destroy();
        }
        for (Process node : processes) {
            if (!node.waitFor(10, TimeUnit.SECONDS)) {
                node.destroyForcibly();
            }
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        File file = path.toFile();
        if (!file.exists()) {
            return;
        }
        try (var walk = Files.walk(path)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
