package io.bookit.ticket;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bookit.common.ProblemException;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.quarkus.redis.datasource.value.SetArgs;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.UUID;

/**
 * The first answer to a check-in per scanner nonce, in Redis with a TTL, so that a scanner retrying after a
 * lost response gets the same answer (not "already checked in" for its own scan).
 */
@ApplicationScoped
class CheckinNonces {

    /** A stored answer: the check-in, or the problem that was answered. */
    record Answer(TicketDtos.CheckinView ok, int status, String type, String title, String detail,
            Map<String, Object> extensions) {

        static Answer of(TicketDtos.CheckinView ok) {
            return new Answer(ok, 200, null, null, null, null);
        }

        static Answer of(ProblemException problem) {
            return new Answer(null, problem.status(), problem.type(), problem.title(), problem.getMessage(),
                    problem.extensions());
        }

        Uni<TicketDtos.CheckinView> replay() {
            if (ok != null) {
                return Uni.createFrom().item(ok);
            }
            ProblemException problem = new ProblemException(status, type, title, detail);
            extensions.forEach(problem::with);
            return Uni.createFrom().failure(problem);
        }
    }

    private final ReactiveValueCommands<String, String> values;
    private final ObjectMapper json;
    private final TicketsConfig config;

    CheckinNonces(ReactiveRedisDataSource redis, ObjectMapper json, TicketsConfig config) {
        this.values = redis.value(String.class);
        this.json = json;
        this.config = config;
    }

    Uni<Answer> find(UUID eventId, String nonce) {
        return values.get(key(eventId, nonce)).map(this::read);
    }

    /** Keeps the first answer only: a concurrent retry that lost the race does not overwrite it. */
    Uni<Void> remember(UUID eventId, String nonce, Answer answer) {
        return values.set(key(eventId, nonce), write(answer), new SetArgs().nx().px(config.nonceTtl()));
    }

    private static String key(UUID eventId, String nonce) {
        return "checkin:{event:" + eventId + "}:nonce:" + nonce;
    }

    private String write(Answer answer) {
        try {
            return json.writeValueAsString(answer);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Answer read(String text) {
        try {
            return text == null ? null : json.readValue(text, Answer.class);
        } catch (JsonProcessingException e) {
            return null; // unreadable (an older format): treat as unseen
        }
    }
}
