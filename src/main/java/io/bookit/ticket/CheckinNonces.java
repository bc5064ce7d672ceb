package io.bookit.ticket;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bookit.common.ProblemException;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.quarkus.redis.datasource.value.SetArgs;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

/**
 * The first answer to a check-in per scanner nonce, in Redis with a TTL, so that a scanner retrying after a
 * lost response gets the same answer (not "already checked in" for its own scan). The answer is bound to the code it
 * answered (by its SHA-256): the same nonce with another code is refused with 409 {@code nonce-reused}, never
 * answered with the first ticket's answer.
 */
@ApplicationScoped
class CheckinNonces {

    /** A stored answer to the code with this digest: the check-in, or the problem that was answered. */
    record Answer(String codeDigest, TicketDtos.CheckinView ok, int status, String type, String title, String detail,
            Map<String, Object> extensions) {

        static Answer of(String code, TicketDtos.CheckinView ok) {
            return new Answer(digest(code), ok, 200, null, null, null, null);
        }

        static Answer of(String code, ProblemException problem) {
            return new Answer(digest(code), null, problem.status(), problem.type(), problem.title(),
                    problem.getMessage(), problem.extensions());
        }

        /** The first answer again, when {@code code} is the code it answered; else 409 {@code nonce-reused}. */
        Uni<TicketDtos.CheckinView> replay(String code) {
            if (!digest(code).equals(codeDigest)) {
                return Uni.createFrom().failure(ProblemException.conflict("nonce-reused",
                        "This nonce was used with another ticket code; send a new nonce with each scan"));
            }
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

    private static String digest(String code) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(code.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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
            Answer answer = text == null ? null : json.readValue(text, Answer.class);
            return answer == null || answer.codeDigest() == null ? null : answer; // older answers name no code: unseen
        } catch (JsonProcessingException e) {
            return null; // unreadable (an older format): treat as unseen
        }
    }
}
