package io.bookit.seating;

import java.util.List;

/**
 * The places of a claim, an order, a sale or a refund: numbered seats (their indices in the event's layout), or a
 * count of places in one general-admission area. One value travels instead of parallel seats, section and count.
 */
public record Places(List<Integer> seats, String section, int count) {

    public Places {
        seats = List.copyOf(seats);
    }

    public static Places seats(List<Integer> seatIndices) {
        return new Places(seatIndices, null, 0);
    }

    public static Places area(String section, int count) {
        return new Places(List.of(), section, count);
    }

    public boolean generalAdmission() {
        return section != null;
    }
}
