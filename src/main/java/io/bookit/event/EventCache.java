package io.bookit.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bookit.common.LuaScript;
import io.bookit.common.PageQuery;
import io.bookit.common.PageResult;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Public event reads kept in Redis, shared by every instance, so that a crowd refreshing an event page does not
 * reach PostgreSQL. Only what an anonymous caller may see is stored: published and cancelled events, and pages of
 * the public listing. Writers call {@link #evict} after their commit and before they answer.
 * <p>
 * A reader notes a generation before it loads from PostgreSQL and stores only if the generation is unchanged, so a
 * load that raced a write never puts the old answer back: per event a {@code gen} field next to the view; for the
 * listing one counter that is part of every page's key (one INCR invalidates all pages). Concurrent misses of one
 * key on one instance share a single load. When Redis fails, reads fall back to PostgreSQL.
 */
@ApplicationScoped
class EventCache {

    private static final LuaScript VIEW_PUT = LuaScript.load("cache_view_put");
    private static final LuaScript VIEW_EVICT = LuaScript.load("cache_view_evict");
    private static final LuaScript LISTING_GET = LuaScript.load("cache_listing_get");
    private static final LuaScript LISTING_PUT = LuaScript.load("cache_listing_put");

    /**
     * Listing pages ({@code bk:{events}:page:ID}, a hash of the generation they were stored under and the json), the
     * generation and the count of pages it stored share one hash tag (one cluster slot); the scripts get all three
     * as KEYS.
     */
    static final String LISTING_PREFIX = "bk:{events}:";
    static final String LISTING_GENERATION = LISTING_PREFIX + "gen";
    static final String LISTING_COUNT = LISTING_PREFIX + "pages";

    /**
     * Changes when the view's fields do, so that instances of two versions (a rolling deploy) each read the entries
     * of their own shape; an eviction drops every shape.
     */
    static final String SHAPE = digest(shape(EventDtos.EventView.class)).substring(0, 8);

    private static final String VIEW_FIELD = "v:" + SHAPE;

    private final ReactiveRedisDataSource redis;
    private final EventCacheConfig config;
    private final ObjectMapper mapper;
    private final MeterRegistry metrics;
    private final JavaType viewType;
    private final JavaType pageType;
    private final Map<String, Uni<?>> loading = new ConcurrentHashMap<>();

    EventCache(ReactiveRedisDataSource redis, EventCacheConfig config, ObjectMapper mapper, MeterRegistry metrics) {
        this.redis = redis;
        this.config = config;
        this.mapper = mapper;
        this.metrics = metrics;
        this.viewType = mapper.constructType(EventDtos.EventView.class);
        this.pageType = mapper.getTypeFactory().constructType(new TypeReference<PageResult<EventDtos.EventView>>() {
        });
    }

    /** What Redis held for a key: the generation seen (null when Redis did not answer: then nothing is stored). */
    private record Stored(String generation, String json) {
    }

    /** An event as anyone may see it; {@code load} answers the view (a draft too: it is not stored) or null. */
    Uni<CachedRead<EventDtos.EventView>> details(UUID eventId, Supplier<Uni<EventDtos.EventView>> load) {
        Predicate<EventDtos.EventView> shared = view -> view.status() != EventStatus.DRAFT;
        if (!config.enabled()) {
            return load.get().map(view -> fresh(view, shared));
        }
        String key = viewKey(eventId);
        Uni<Stored> lookup = LuaScript.bounded(redis.execute("HMGET", key, "gen", VIEW_FIELD))
                .map(answer -> new Stored(Objects.toString(answer.get(0), ""), string(answer.get(1))));
        return read("details", key, lookup, viewType, load, shared, (generation, json) -> VIEW_PUT.run(redis,
                List.of(key), List.of(generation, VIEW_FIELD, json, Long.toString(config.detailsTtl().toMillis()))));
    }

    /** A page of the public listing for a query, normalized as the search does (trimmed, case-insensitive). */
    Uni<CachedRead<PageResult<EventDtos.EventView>>> listing(String q, Instant from, Instant to, PageQuery page,
            Supplier<Uni<PageResult<EventDtos.EventView>>> load) {
        if (!config.enabled()) {
            return load.get().map(result -> fresh(result, always -> true));
        }
        String text = q == null || q.isBlank() ? "" : q.strip().toLowerCase(Locale.ROOT);
        String pageId = digest(String.join("\n", SHAPE, text, Objects.toString(from, ""), Objects.toString(to, ""),
                Integer.toString(page.page), Integer.toString(page.size)));
        String pageKey = LISTING_PREFIX + "page:" + pageId;
        Uni<Stored> lookup = LISTING_GET.run(redis, List.of(LISTING_GENERATION, pageKey), List.of())
                .map(answer -> new Stored(answer.get(0).toString(), string(answer.get(1))));
        return read("listing", pageId, lookup, pageType, load, always -> true, (seen, json) -> LISTING_PUT.run(redis,
                List.of(LISTING_GENERATION, pageKey, LISTING_COUNT), List.of(seen, json,
                        Long.toString(config.listingTtl().toMillis()), Integer.toString(config.maxQueries()))));
    }

    /**
     * Forgets the event's view and every listing page. Called after a write committed, before it answers; a failure
     * is retried, then logged (the entries then live until their TTL), never returned to the writer.
     */
    Uni<Void> evict(UUID eventId) {
        // remember the new generation a little longer than a view lives, so a slow reader's put is still refused
        String keep = Long.toString(config.detailsTtl().plusMinutes(1).toMillis());
        Uni<Response> view = VIEW_EVICT.run(redis, List.of(viewKey(eventId)), List.of(keep));
        Uni<Response> listing = redis.execute("INCR", LISTING_GENERATION);
        return Uni.combine().all().unis(view, listing).discardItems()
                .onFailure().retry().withBackOff(Duration.ofMillis(20)).atMost(2)
                .onFailure().invoke(e -> Log.warnf("Event cache not invalidated for %s (entries expire by TTL): %s",
                        eventId, e.toString()))
                .onFailure().recoverWithNull();
    }

    private <T> Uni<CachedRead<T>> read(String cache, String key, Uni<Stored> lookup, JavaType type,
            Supplier<Uni<T>> load, Predicate<T> shared, BiFunction<String, String, Uni<Response>> store) {
        return lookup.onFailure().recoverWithItem(e -> {
            Log.debugf("Event cache unavailable, reading PostgreSQL: %s", e);
            return new Stored(null, null);
        }).chain(stored -> {
            CachedRead<T> hit = parse(stored.json(), type);
            metrics.counter("bookit.cache", "cache", cache, "result", hit != null ? "hit" : "miss").increment();
            if (hit != null) {
                return Uni.createFrom().item(hit);
            }
            // keyed by the generation too: a reader who saw a newer one must not take an older load's answer
            return coalesce(cache + ":" + key + "@" + stored.generation(), () -> load.get().chain(value -> {
                CachedRead<T> read = fresh(value, shared);
                if (read == null || !read.shared() || stored.generation() == null) {
                    return Uni.createFrom().item(read);
                }
                return store.apply(stored.generation(), read.json())
                        .onFailure().recoverWithNull()
                        .replaceWith(read);
            }));
        });
    }

    /** One load per key at a time on this instance; every caller resumes on its own Vert.x context. */
    @SuppressWarnings("unchecked")
    private <T> Uni<T> coalesce(String key, Supplier<Uni<T>> load) {
        Uni<T> shared = (Uni<T>) loading.computeIfAbsent(key, k -> load.get()
                .onTermination().invoke(() -> loading.remove(k))
                .memoize().indefinitely());
        Context caller = Vertx.currentContext();
        return caller == null ? shared : shared.emitOn(task -> caller.runOnContext(ignored -> task.run()));
    }

    private <T> CachedRead<T> fresh(T value, Predicate<T> shared) {
        if (value == null) {
            return null;
        }
        try {
            return new CachedRead<>(value, mapper.writeValueAsString(value), shared.test(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private <T> CachedRead<T> parse(String json, JavaType type) {
        if (json == null) {
            return null;
        }
        try {
            return new CachedRead<>(mapper.readValue(json, type), json, true);
        } catch (JsonProcessingException e) {
            Log.debugf("Unreadable event cache entry, reading PostgreSQL: %s", e);
            return null;
        }
    }

    static String viewKey(UUID eventId) {
        return "bk:{ev:" + eventId + "}:view";
    }

    private static String string(Response response) {
        return response == null ? null : response.toString();
    }

    /** Field names and types of a record, nested records included. */
    private static String shape(Type type) {
        if (type instanceof ParameterizedType parameterized) {
            StringBuilder shape = new StringBuilder(shape(parameterized.getRawType())).append('<');
            for (Type argument : parameterized.getActualTypeArguments()) {
                shape.append(shape(argument)).append(',');
            }
            return shape.append('>').toString();
        }
        if (type instanceof Class<?> record && record.isRecord()) {
            StringBuilder shape = new StringBuilder(record.getSimpleName()).append('(');
            for (RecordComponent component : record.getRecordComponents()) {
                shape.append(component.getName()).append(':').append(shape(component.getGenericType())).append(',');
            }
            return shape.append(')').toString();
        }
        return type.getTypeName();
    }

    /** SHA-256 of the text, in hex. */
    static String digest(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
