package io.bookit.common;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * A Lua script from {@code src/main/resources/lua}, with {@code lib.lua} in front. Called by EVALSHA; when the
 * server does not know the script yet (restart, failover, flush) it is sent once with EVAL, which caches it.
 * <p>
 * What differs between deployments but not between calls (such as the command that publishes on a feed: PUBLISH on
 * one Redis, SPUBLISH on a Redis Cluster) is given as constants: {@code local NAME = 'value'} lines in front of
 * lib.lua, so a script's arguments stay the same everywhere.
 */
public final class LuaScript {

    /**
     * How long a script call waits for Redis's answer ({@code bookit.redis.call-timeout}, 2 s); the scripts
     * themselves take well under a millisecond, so only a Redis that is away or a machine far beyond its capacity
     * reaches it.
     */
    static final Duration TIMEOUT = ConfigProvider.getConfig()
            .getOptionalValue("bookit.redis.call-timeout", Duration.class).orElse(Duration.ofSeconds(2));

    /**
     * A Redis call that is not a script, with the same bound: fails with a timeout (a 503, common/Unreachable) when
     * Redis has not answered within {@link #TIMEOUT}. For the calls a buyer's request waits for.
     */
    public static <T> Uni<T> bounded(Uni<T> call) {
        return call.ifNoItem().after(TIMEOUT).fail();
    }

    private final String source;
    private final String sha;

    private LuaScript(String source) {
        this.source = source;
        this.sha = sha1(source);
    }

    public static LuaScript load(String name) {
        return load(name, Map.of());
    }

    /** The script with {@code constants} (upper-case names, plain word values) defined in front of lib.lua. */
    public static LuaScript load(String name, Map<String, String> constants) {
        StringBuilder source = new StringBuilder();
        new TreeMap<>(constants).forEach((constant, value) -> {
            if (!constant.matches("[A-Z][A-Z0-9_]*") || !value.matches("\\w+")) {
                throw new IllegalArgumentException("Not a Lua constant: " + constant + " = " + value);
            }
            source.append("local ").append(constant).append(" = '").append(value).append("'\n");
        });
        return new LuaScript(source.append(read("lib")).append('\n').append(read(name)).toString());
    }

    /**
     * Runs the script; fails with a timeout when Redis has not answered within {@link #TIMEOUT} (a connection that
     * dropped with the command in flight, a Redis that stopped answering), which the client gets as a 503
     * (common/Unreachable) instead of a request that hangs.
     */
    public Uni<Response> run(ReactiveRedisDataSource redis, List<String> keys, List<String> args) {
        return redis.execute("EVALSHA", command(sha, keys, args))
                .onFailure(e -> e.getMessage() != null && e.getMessage().startsWith("NOSCRIPT"))
                .recoverWithUni(() -> redis.execute("EVAL", command(source, keys, args)))
                .ifNoItem().after(TIMEOUT).fail();
    }

    private static String[] command(String script, List<String> keys, List<String> args) {
        List<String> command = new ArrayList<>(2 + keys.size() + args.size());
        command.add(script);
        command.add(Integer.toString(keys.size()));
        command.addAll(keys);
        command.addAll(args);
        return command.toArray(String[]::new);
    }

    private static String read(String name) {
        try (InputStream in = LuaScript.class.getResourceAsStream("/lua/" + name + ".lua")) {
            if (in == null) {
                throw new IllegalStateException("Missing Lua script " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
