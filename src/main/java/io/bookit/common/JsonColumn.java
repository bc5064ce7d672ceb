package io.bookit.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.persistence.AttributeConverter;

/**
 * Stores a value as JSON text. Hibernate Reactive cannot read a JSON array at the root of a jsonb column, so
 * structured columns (venue sections, event prices, order seats) are JSON in {@code text} columns.
 */
public abstract class JsonColumn<T> implements AttributeConverter<T, String> {

    private static final ObjectMapper MAPPER = new ObjectMapper().findAndRegisterModules();

    private final TypeReference<T> type;

    protected JsonColumn(TypeReference<T> type) {
        this.type = type;
    }

    @Override
    public String convertToDatabaseColumn(T value) {
        try {
            return value == null ? null : MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    public T convertToEntityAttribute(String json) {
        try {
            return json == null ? null : MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable JSON column", e);
        }
    }

    /** A list of strings, such as an order's seat ids. */
    public static class StringList extends JsonColumn<java.util.List<String>> {
        public StringList() {
            super(new TypeReference<>() {
            });
        }
    }
}
