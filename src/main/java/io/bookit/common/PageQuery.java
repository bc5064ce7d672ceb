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

    public static PageQuery of(int page, int size) {
        PageQuery query = new PageQuery();
        query.page = page;
        query.size = size;
        return query;
    }
}
