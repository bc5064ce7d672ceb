package io.bookit.seating;

/** A seat's state as the seat map shows it; the byte is its encoding in Redis (see lua/lib.lua). */
public enum SeatStatus {
    AVAILABLE('0'),
    HELD('1'),
    SOLD('2');

    final char code;

    SeatStatus(char code) {
        this.code = code;
    }

    static SeatStatus of(char code) {
        return switch (code) {
            case '0' -> AVAILABLE;
            case '1' -> HELD;
            case '2' -> SOLD;
            default -> throw new IllegalArgumentException("Unknown seat state " + code);
        };
    }
}
