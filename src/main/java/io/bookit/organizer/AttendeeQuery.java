package io.bookit.organizer;

import io.bookit.common.PlainText;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.QueryParam;

/** {@code ?q=&page=&size=} of the attendee list: pages of up to 500 tickets. */
public class AttendeeQuery {

    static final int MAX_SIZE = 500;

    @QueryParam("q")
    @Size(max = 200)
    @PlainText
    public String q;

    @QueryParam("page")
    @DefaultValue("0")
    @Min(0)
    @Max(100_000)
    public int page;

    @QueryParam("size")
    @DefaultValue("50")
    @Min(1)
    @Max(MAX_SIZE)
    public int size;
}
