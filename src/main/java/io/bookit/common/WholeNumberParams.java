package io.bookit.common;

import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;

/**
 * Whole-number query parameters ({@code ?page=&size=}) that are not whole numbers get 400 {@code validation} naming the
 * parameter. JAX-RS answers a query parameter it cannot convert with 404, as if the resource did not exist; a converter
 * that throws a {@link WebApplicationException} itself is answered with that exception's response instead.
 */
@Provider
public class WholeNumberParams implements ParamConverterProvider {

    @Override
    @SuppressWarnings("unchecked")
    public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
        if (rawType != int.class && rawType != Integer.class) {
            return null;
        }
        String name = null;
        for (Annotation annotation : annotations) {
            if (annotation instanceof QueryParam query) {
                name = query.value();
            }
        }
        return name == null ? null : (ParamConverter<T>) new WholeNumber(name);
    }

    record WholeNumber(String name) implements ParamConverter<Integer> {

        @Override
        public Integer fromString(String value) {
            try {
                return value == null ? null : Integer.valueOf(value.strip());
            } catch (NumberFormatException e) {
                String message = "must be a whole number from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;
                throw new WebApplicationException(Problem.of(400, "validation", "Invalid request", name + ": " + message,
                        Map.of("errors", List.of(Map.of("field", name, "message", message)))).toResponse());
            }
        }

        @Override
        public String toString(Integer value) {
            return value == null ? null : value.toString();
        }
    }
}
