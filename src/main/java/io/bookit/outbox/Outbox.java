package io.bookit.outbox;

import io.bookit.common.DbTime;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * Writes events into the outbox inside the caller's transaction: they are published if and only if that
 * transaction commits. Call it only from a {@code @WithTransaction} method.
 */
@ApplicationScoped
public class Outbox {

    private final ObjectMapper json;

    Outbox(ObjectMapper json) {
        this.json = json;
    }

    public Uni<Void> write(String topic, Object event) {
        OutboxMessage message;
        try {
            message = message(topic, event);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        return Panache.getSession().chain(session -> session.persist(message));
    }

    /**
     * The row {@link #write} would insert, for a caller that commits it in a statement of its own (see
     * {@link #insertSelect}): it is published if and only if that statement commits.
     */
    public OutboxMessage message(String topic, Object event) throws JsonProcessingException {
        OutboxMessage message = new OutboxMessage();
        message.id = UUID.randomUUID();
        message.topic = topic;
        message.createdAt = DbTime.now();
        message.payload = json.writeValueAsString(event);
        return message;
    }

    /**
     * A data-modifying CTE body that inserts {@code message} once for every row of {@code source}, its four values
     * taken from parameters {@code $first} to {@code $(first+3)} (see {@link #parameters}).
     */
    public static String insertSelect(String source, int first) {
        return "INSERT INTO outbox_message (id, topic, payload, created_at) SELECT $" + first + ", $" + (first + 1)
                + ", $" + (first + 2) + ", $" + (first + 3) + " FROM " + source;
    }

    /** The parameters of {@link #insertSelect}, in order. */
    public static Object[] parameters(OutboxMessage message) {
        return new Object[] {message.id, message.topic, message.payload, message.createdAt.atOffset(ZoneOffset.UTC)};
    }
}
