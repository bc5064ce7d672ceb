package io.bookit.seating;

import java.util.Base64;

/**
 * The {@code status2} encoding of a seat map (API.md, "Compact seat map"): 2 bits a seat in layout order, four seats
 * a byte, the first seat in the byte's most significant bits ({@code 00} AVAILABLE, {@code 01} HELD, {@code 10}
 * SOLD), as standard base64 with padding.
 */
final class CompactStatuses {

    static final String ENCODING = "status2";

    private CompactStatuses() {
    }

    /** {@code seatStates}: Redis's seat string, one {@link SeatStatus} code a seat index; null: all available. */
    static String encode(String seatStates, int seats) {
        byte[] packed = new byte[(seats + 3) / 4];
        if (seatStates != null) {
            for (int index = 0; index < seats; index++) {
                int bits = bits(seatStates.charAt(index));
                packed[index >> 2] |= (byte) (bits << (6 - 2 * (index & 3)));
            }
        }
        return Base64.getEncoder().encodeToString(packed);
    }

    private static int bits(char code) {
        return switch (code) {
            case '0' -> 0;
            case '1' -> 1;
            case '2' -> 2;
            default -> throw new IllegalArgumentException("Unknown seat state " + code);
        };
    }
}
