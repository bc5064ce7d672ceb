package io.bookit.common;

import java.util.List;
import java.util.function.Function;

/** The contract's paged list: {@code {"items": [...], "page": 0, "size": 20, "total": 123}}. */
public record PageResult<T>(List<T> items, int page, int size, long total) {

    public <R> PageResult<R> map(Function<T, R> mapper) {
        return new PageResult<>(items.stream().map(mapper).toList(), page, size, total);
    }
}
