package io.bookit.auth;

/** Role names as they appear in tokens ({@code groups}) and in {@code @RolesAllowed}. */
public final class Role {
    public static final String ATTENDEE = "ATTENDEE";
    public static final String ORGANIZER = "ORGANIZER";
    public static final String STAFF = "STAFF";
    public static final String ADMIN = "ADMIN";

    private Role() {
    }
}
