package io.bookit.common;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.QueryParam;

/** {@code ?page=&size=} with the limits every list shares. */
public class PageQuery {

    @QueryParam("page")
    @DefaultValue("0")
    @Min(0)
    @Max(100_000)
    public int page;

    @QueryParam("size")
    @DefaultValue("20")
    @Min(1)
    @Max(100)
    public int size;

    /**
     * This page, when it starts before {@code maxOffset} results; else 400 {@code validation} on {@code page}: a deep
     * page costs the database a walk over every result before it, and nobody reads that far in a public listing.
     */
    public PageQuery startingBefore(int maxOffset) {
        if ((long) page * size >= maxOffset) {
            throw ProblemException.validation("page", "page × size must be below " + maxOffset
                    + "; narrow the search (q, from, to) instead of paging further");
        }
        return this;
    }

    public static PageQuery of(int page, int size) {
        PageQuery query = new PageQuery();
        query.page = page;
        query.size = size;
        return query;
    }
}
