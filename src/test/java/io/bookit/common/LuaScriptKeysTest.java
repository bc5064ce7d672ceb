package io.bookit.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Redis Cluster's rule for scripts, checked on the source of every script in {@code src/main/resources/lua} (with
 * lib.lua in front, as LuaScript loads them): every key a {@code redis.call} touches is one the script was given in
 * {@code KEYS}, never a name built from ARGV or from what the script read. A cluster routes a script by its KEYS; a
 * built key works only while it happens to share their slot.
 * <p>
 * A key argument must be {@code KEYS[...]} or a name that is, in its function, only ever bound to {@code KEYS[...]}
 * (or {@code unpack(KEYS)}); a function parameter counts when every call of the function passes such a name there.
 * The check is about names, so a script that must build a key cannot hide it behind a local.
 */
class LuaScriptKeysTest {

    private static final Path SCRIPTS = Path.of("src/main/resources/lua");

    /** Where the keys are in the commands the scripts use: index of the first key argument, -1 for all arguments. */
    private static final Map<String, Integer> FIRST_KEY = new HashMap<>();
    /**
     * Commands without keys (PUBLISH's channel is not a key; the sharded channel carries the event's hash tag).
     * FEED_PUBLISH is the constant that names PUBLISH or SPUBLISH (lua/lib.lua, seating/FeedPubSub).
     */
    private static final Set<String> KEYLESS = Set.of("TIME", "PUBLISH", "SPUBLISH", "FEED_PUBLISH");

    static {
        for (String command : List.of("GET", "SET", "INCR", "PEXPIRE", "HGET", "HSET", "HSETNX", "HMGET", "HDEL", "HINCRBY",
                "HGETALL", "ZADD", "ZREM", "ZSCORE", "ZRANK", "ZCARD", "ZRANGEBYSCORE", "ZPOPMIN", "SADD", "SREM",
                "SCARD", "SISMEMBER", "GETRANGE", "SETRANGE", "STRLEN", "BITCOUNT", "ZRANGE", "RPUSH")) {
            FIRST_KEY.put(command, 0);
        }
        FIRST_KEY.put("DEL", -1);
        FIRST_KEY.put("EXISTS", -1);
    }

    private static final Pattern CALL = Pattern.compile("redis\\.p?call\\(");
    private static final Pattern LOCAL = Pattern.compile("local\\s+([\\w\\s,]+?)\\s*=\\s*(.+)");
    private static final Pattern FUNCTION = Pattern.compile("(?:local\\s+)?function\\s+(\\w+)\\s*\\(([^)]*)\\)");
    private static final Pattern WORD = Pattern.compile("[A-Za-z_]\\w*");
    private static final Pattern KEYS_ITEM = Pattern.compile("KEYS\\[[^\\]]+\\]");

    @Test
    void everyKeyAScriptTouchesIsDeclaredInKeys() throws IOException {
        String lib = source("lib");
        List<String> problems = new ArrayList<>();
        try (Stream<Path> files = Files.list(SCRIPTS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".lua")).sorted().toList()) {
                String name = file.getFileName().toString().replace(".lua", "");
                if (!name.equals("lib")) {
                    problems.addAll(check(name, lib + "\n" + source(name)));
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void aKeyBuiltFromArgumentsIsCaught() {
        String built = "local prefix = ARGV[1]\nlocal gen = redis.call('GET', KEYS[1])\n"
                + "return redis.call('GET', prefix .. gen)";
        assertThat(check("built", built)).hasSize(1);
        String aliased = "local page = ARGV[1] .. 'x'\nreturn redis.call('GET', page)";
        assertThat(check("aliased", aliased)).hasSize(1);
        String rebound = "local page = KEYS[1]\nif x then page = ARGV[1] end\nreturn redis.call('GET', page)";
        assertThat(check("rebound", rebound)).hasSize(1);
        String throughAFunction = "local function get(k) return redis.call('GET', k) end\nget(KEYS[1])\nget(ARGV[1])";
        assertThat(check("function", throughAFunction)).hasSize(1);
        String declared = "local a, b = KEYS[1], ARGV[1]\nlocal function get(k) return redis.call('GET', k) end\n"
                + "redis.call('DEL', a, KEYS[2])\nreturn get(a)";
        assertThat(check("declared", declared)).isEmpty();
    }

    /** One script's problems: each call whose key argument is not declared. */
    static List<String> check(String script, String text) {
        String code = stripComments(text);
        List<Scope> scopes = scopes(code);
        Map<String, List<Call>> callsOf = new HashMap<>();
        for (Scope scope : scopes) {
            if (scope.name != null) {
                callsOf.put(scope.name, calls(code, scope.name));
            }
        }
        List<String> problems = new ArrayList<>();
        Matcher call = CALL.matcher(code);
        while (call.find()) {
            List<String> args = arguments(code, call.end());
            String command = args.get(0).replaceAll("['\"]", "").toUpperCase();
            if (KEYLESS.contains(command)) {
                continue;
            }
            Integer first = FIRST_KEY.get(command);
            if (first == null) {
                problems.add(script + ": unknown command " + command + " (add its key positions to the test)");
                continue;
            }
            List<String> keys = first < 0 ? args.subList(1, args.size()) : List.of(args.get(1 + first));
            Scope scope = innermost(scopes, call.start());
            for (String key : keys) {
                if (!declared(code, key.strip(), scope, scopes, callsOf, new HashSet<>())) {
                    problems.add(script + ": " + command + " on '" + key.strip() + "', not a key from KEYS");
                }
            }
        }
        return problems;
    }

    /** A function body (or the whole script, name null) with its parameters and the names it assigns. */
    private record Scope(String name, List<String> params, int start, int end, Scope outer) {
    }

    private static boolean declared(String code, String expression, Scope scope, List<Scope> scopes,
            Map<String, List<Call>> callsOf, Set<String> visiting) {
        if (KEYS_ITEM.matcher(expression).matches()) {
            return true;
        }
        if (!WORD.matcher(expression).matches()) {
            return false;
        }
        for (Scope s = scope; s != null; s = s.outer) {
            List<String> bindings = bindings(code, s, scopes, expression);
            int param = s.params.indexOf(expression);
            if (!bindings.isEmpty() || param >= 0) {
                boolean fromKeys = bindings.stream().allMatch(b -> KEYS_ITEM.matcher(b).matches() || b.equals("unpack(KEYS)"));
                if (!fromKeys) {
                    return false;
                }
                if (param < 0) {
                    return true;
                }
                if (!visiting.add(s.name + "#" + param)) {
                    return true;
                }
                // a function this script never calls touches nothing
                List<Call> calls = callsOf.getOrDefault(s.name, List.of());
                return calls.stream().allMatch(c -> c.args.size() > param && declared(code,
                        c.args.get(param).strip(), innermost(scopes, c.at), scopes, callsOf, visiting));
            }
        }
        return false;
    }

    /** What the name is set to in this scope, not in functions nested in it: one right-hand side per assignment. */
    private static List<String> bindings(String code, Scope scope, List<Scope> scopes, String name) {
        List<String> found = new ArrayList<>();
        Pattern assignment = Pattern.compile("(?m)(?:^|;|\\bthen|\\bdo|\\belse)[ \\t]*(?:local[ \\t]+)?(\\w+(?:[ \\t]*,[ \\t]*\\w+)*)"
                + "[ \\t]*=(?!=)[ \\t]*([^\\n]+)");
        Matcher m = assignment.matcher(code.substring(scope.start, scope.end));
        while (m.find()) {
            int at = scope.start + m.start();
            if (innermost(scopes, at) != scope) {
                continue;
            }
            List<String> names = List.of(m.group(1).strip().split("[ \\t]*,[ \\t]*"));
            int index = names.indexOf(name);
            if (index < 0) {
                continue;
            }
            String rhs = m.group(2).strip();
            if (rhs.startsWith("unpack(KEYS)")) {
                found.add("unpack(KEYS)");
                continue;
            }
            List<String> values = split(rhs);
            found.add(index < values.size() ? values.get(index).strip() : "nil");
        }
        return found;
    }

    private static List<Scope> scopes(String code) {
        List<Scope> scopes = new ArrayList<>();
        Scope top = new Scope(null, List.of(), 0, code.length(), null);
        scopes.add(top);
        Matcher f = FUNCTION.matcher(code);
        while (f.find()) {
            int end = blockEnd(code, f.start());
            Scope outer = innermost(scopes, f.start());
            List<String> params = f.group(2).isBlank() ? List.of() : List.of(f.group(2).strip().split("\\s*,\\s*"));
            scopes.add(new Scope(f.group(1), params, f.end(), end, outer));
        }
        return scopes;
    }

    private static Scope innermost(List<Scope> scopes, int at) {
        Scope best = scopes.get(0);
        for (Scope s : scopes) {
            if (s.start <= at && at < s.end && s.end - s.start < best.end - best.start) {
                best = s;
            }
        }
        return best;
    }

    /** Where the block opened by the keyword at {@code from} ends: Lua's function, if, do, repeat ... end/until. */
    private static int blockEnd(String code, int from) {
        Matcher word = WORD.matcher(code);
        int depth = 0;
        word.region(from, code.length());
        while (word.find()) {
            switch (word.group()) {
                case "function", "if", "do", "repeat" -> depth++;
                case "end", "until" -> {
                    if (--depth == 0) {
                        return word.end();
                    }
                }
                default -> {
                }
            }
        }
        throw new IllegalStateException("Unbalanced block at " + from);
    }

    /** A call of a script's function: where it is written and its arguments. */
    private record Call(int at, List<String> args) {
    }

    /** Every call {@code name(...)} in the code that is not its definition. */
    private static List<Call> calls(String code, String name) {
        List<Call> calls = new ArrayList<>();
        Matcher m = Pattern.compile("(?<![\\w.])" + name + "\\s*\\(").matcher(code);
        while (m.find()) {
            String before = code.substring(Math.max(0, m.start() - 9), m.start());
            if (!before.endsWith("function ")) {
                calls.add(new Call(m.start(), arguments(code, m.end())));
            }
        }
        return calls;
    }

    /** The comma-separated arguments of the call whose open parenthesis ends at {@code from}. */
    private static List<String> arguments(String code, int from) {
        int depth = 1;
        int i = from;
        while (depth > 0) {
            char c = code.charAt(i++);
            if (c == '(' || c == '{' || c == '[') {
                depth++;
            } else if (c == ')' || c == '}' || c == ']') {
                depth--;
            } else if (c == '\'' || c == '"') {
                i = code.indexOf(c, i) + 1;
            }
        }
        return split(code.substring(from, i - 1));
    }

    /** Splits at top-level commas. */
    private static List<String> split(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(' || c == '{' || c == '[') {
                depth++;
            } else if (c == ')' || c == '}' || c == ']') {
                depth--;
            } else if (c == '\'' || c == '"') {
                i = text.indexOf(c, i + 1);
            } else if (c == ',' && depth == 0) {
                parts.add(text.substring(start, i).strip());
                start = i + 1;
            }
        }
        parts.add(text.substring(start).strip());
        return parts;
    }

    private static String stripComments(String text) {
        return text.replaceAll("--[^\\n]*", "");
    }

    private static String source(String name) throws IOException {
        return Files.readString(SCRIPTS.resolve(name + ".lua"));
    }
}
