package io.bookit.event;

import java.math.BigDecimal;

/** The price of one place in a section, in the event's currency. */
public record Price(String section, BigDecimal price) {
}
