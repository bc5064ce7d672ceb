package io.bookit.waitingroom;

import io.bookit.common.LuaScript;
import io.bookit.event.Event;
import io.bookit.event.EventStatus;
import io.bookit.event.WaitingRoom;
import io.bookit.seating.EventKeys;
import io.bookit.seating.RoomSync;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * The waiting room's settings follow the event row (the hold script asks them), and the admission job visits the
 * events whose room is open. {@code SeatInventory} writes them before it builds the seat state, so no hold slips past
 * a room. A room switched off is also forgotten at once by this instance's early refusals (others take about a
 * second).
 */
@ApplicationScoped
class RoomSettings implements RoomSync {

    /** Events with an enabled waiting room, which the admission job visits. Not per event. */
    static final String ROOMS_INDEX = "bk:rooms";

    private static final LuaScript ROOM = LuaScript.load("room");

    private final ReactiveRedisDataSource redis;
    private final AdmissionMemory memory;

    RoomSettings(ReactiveRedisDataSource redis, AdmissionMemory memory) {
        this.redis = redis;
        this.memory = memory;
    }

    @Override
    public Uni<Void> sync(Event event) {
        if (event.status == EventStatus.DRAFT) {
            return Uni.createFrom().voidItem();
        }
        WaitingRoom room = event.waitingRoom;
        Uni<Void> settings = room == null ? Uni.createFrom().voidItem()
                : ROOM.run(redis, List.of(EventKeys.of(event.id).room()), List.of(room.on() ? "1" : "0",
                        room.admissionsPerMinute().toString(), room.maxActiveShoppers().toString(),
                        Long.toString(room.sessionMinutes() * 60_000L),
                        Long.toString(room.opensAt() == null ? 0 : room.opensAt().toEpochMilli()))).replaceWithVoid();
        if (!event.hasWaitingRoom()) {
            settings = settings.invoke(() -> memory.admissionNotRequired(event.id));
        }
        var rooms = redis.set(String.class);
        return settings.chain(() -> event.hasWaitingRoom() && event.status == EventStatus.ON_SALE
                ? rooms.sadd(ROOMS_INDEX, event.id.toString()).replaceWithVoid()
                : rooms.srem(ROOMS_INDEX, event.id.toString()).replaceWithVoid());
    }
}
