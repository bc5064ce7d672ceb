package io.bookit.seating;

/** What a hold asks for, with the name the Lua scripts and the hold's record in Redis use ({@code lua/hold.lua}). */
public enum HoldMode {
    /** Explicit seats, by index. */
    SEATS("seats"),
    /** A quantity of places in one general-admission area. */
    GENERAL_ADMISSION("ga"),
    /** A quantity of numbered seats chosen by the script (optionally in one section). */
    BEST_AVAILABLE("best");

    final String script;

    HoldMode(String script) {
        this.script = script;
    }

    /** The mode a script answered or a hold's record holds. */
    static HoldMode ofScript(String name) {
        for (HoldMode mode : values()) {
            if (mode.script.equals(name)) {
                return mode;
            }
        }
        throw new IllegalStateException("Unknown hold mode " + name);
    }
}
