package io.bookit.auth;

import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/** Signs access tokens: subject = user id, groups = roles, plus the claims {@link Caller} reads back. */
@ApplicationScoped
public class TokenIssuer {

    private final AuthConfig config;

    TokenIssuer(AuthConfig config) {
        this.config = config;
    }

    public AuthDtos.TokenView issue(User user) {
        long lifespan = config.tokenLifespan().toSeconds();
        String token = Jwt.subject(user.id.toString())
                .upn(user.email)
                .claim("email", user.email)
                .claim("name", user.displayName)
                .groups(Set.of(user.role))
                .expiresIn(lifespan)
                .sign();
        return new AuthDtos.TokenView(token, "Bearer", lifespan);
    }
}
