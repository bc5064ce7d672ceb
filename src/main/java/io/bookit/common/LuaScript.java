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
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A Lua script from {@code src/main/resources/lua}, with {@code lib.lua} in front. Called by EVALSHA; when the
 * server does not know the script yet (restart, failover, flush) it is sent once with EVAL, which caches it.
 */
public final class LuaScript {

    private final String source;
    private final String sha;

    private LuaScript(String source) {
        this.source = source;
        this.sha = sha1(source);
    }

    public static LuaScript load(String name) {
        return new LuaScript(read("lib") + "\n" + read(name));
    }

    public Uni<Response> run(ReactiveRedisDataSource redis, List<String> keys, List<String> args) {
        return redis.execute("EVALSHA", command(sha, keys, args))
                .onFailure(e -> e.getMessage() != null && e.getMessage().startsWith("NOSCRIPT"))
                .recoverWithUni(() -> redis.execute("EVAL", command(source, keys, args)));
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
