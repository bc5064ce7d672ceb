package io.bookit.venue;

public enum SectionKind {
    SEATED,
    GENERAL_ADMISSION
}
