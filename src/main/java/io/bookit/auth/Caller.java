package io.bookit.auth;

import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The authenticated user of a request, as the verified token says. Services take it instead of reading context. */
public record Caller(UUID id, String email, String name, Set<String> roles) {

    public static Caller of(JsonWebToken token) {
        return new Caller(UUID.fromString(token.getSubject()), token.getClaim("email"),
                token.getClaim("name"), token.getGroups());
    }

    public boolean isAdmin() {
        return roles.contains(Role.ADMIN);
    }

    /** Owner of the object, or an administrator. */
    public boolean owns(UUID ownerId) {
        return id.equals(ownerId) || isAdmin();
    }
}
