package io.bookit.common;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;

/**
 * The JSON of request bodies: Quarkus' own {@link ObjectMapper}, plus {@link InputLimits} on every string (at any depth,
 * list elements included) and every instant (an ISO-8601 string, as the API documents; not epoch numbers). A value that breaks them fails as {@link InvalidValue}, which
 * {@link ProblemMapper} answers as 400 {@code validation} naming the field. Only the REST layer reads with this mapper:
 * the app's own JSON (cache entries, outbox messages, Redis frames) keeps the plain one.
 */
@Provider
public class StrictJson implements ContextResolver<ObjectMapper> {

    /**
     * No request of the API nests deeper than a handful of levels (a venue's section's row is the deepest); Jackson's
     * own limit is 1,000, and a body nested that deep costs seconds of CPU before it is refused.
     */
    static final int MAX_NESTING_DEPTH = 32;

    private final ObjectMapper strict;

    StrictJson(ObjectMapper mapper) {
        this.strict = mapper.copy().registerModule(new SimpleModule("bookit-input-limits")
                .addDeserializer(String.class, new PlainString())
                .addDeserializer(Instant.class, new BoundedInstant()));
        strict.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING_DEPTH).build());
    }

    @Override
    public ObjectMapper getContext(Class<?> type) {
        return strict;
    }

    /** A value of a request body outside {@link InputLimits}; Jackson adds the path to the field. */
    public static final class InvalidValue extends JsonMappingException {
        InvalidValue(JsonParser parser, String rule) {
            super(parser, rule);
        }
    }

    static final class PlainString extends StdScalarDeserializer<String> {
        PlainString() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String text = StringDeserializer.instance.deserialize(parser, context);
            if (text != null && !InputLimits.isPlainText(text)) {
                throw new InvalidValue(parser, InputLimits.TEXT_RULE);
            }
            return text;
        }
    }

    static final class BoundedInstant extends StdScalarDeserializer<Instant> {
        BoundedInstant() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (!parser.hasToken(JsonToken.VALUE_STRING)) { // Jackson would take epoch seconds, 1e300 as 1970
                throw new InvalidValue(parser, InputLimits.INSTANT_RULE);
            }
            Instant instant;
            try {
                instant = InstantDeserializer.INSTANT.deserialize(parser, context);
            } catch (DateTimeException e) {
                throw new InvalidValue(parser, InputLimits.INSTANT_RULE);
            }
            if (instant != null && !InputLimits.inRange(instant)) {
                throw new InvalidValue(parser, InputLimits.INSTANT_RULE);
            }
            return instant;
        }
    }
}
