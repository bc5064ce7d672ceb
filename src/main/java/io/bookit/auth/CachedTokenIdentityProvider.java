package io.bookit.auth;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Verifies bearer tokens once and remembers the verified identity until the token expires. A flash-sale buyer
 * sends the same token with every hold and order; verifying its RS256 signature and decoding its JSON each time was
 * about half of the hold path's CPU (docs/BENCHMARKS.md). The cache key is the whole token string, so a changed
 * token is verified afresh; tried before smallrye-jwt's own provider, which it replaces for bearer tokens.
 */
@ApplicationScoped
public class CachedTokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

    static final int MAX_ENTRIES = 50_000;

    private record Verified(SecurityIdentity identity, String subject, long expiresAtMillis) {
    }

    private final JWTParser parser;
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    CachedTokenIdentityProvider(JWTParser parser) {
        this.parser = parser;
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    /** Asked before smallrye-jwt's own provider (the default priority, 1001), which would verify every time. */
    @Override
    public int priority() {
        return 2_000;
    }

    /**
     * The subject (user id) of a token this instance has already verified and that has not expired; null for any
     * other token. Lets a filter in front of the REST layer know the caller without verifying anything.
     */
    public String verifiedSubject(String token) {
        Verified known = verified.get(token);
        return known != null && known.expiresAtMillis() > System.currentTimeMillis() ? known.subject() : null;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        String token = request.getToken().getToken();
        Verified known = verified.get(token);
        if (known != null) {
            if (known.expiresAtMillis() > System.currentTimeMillis()) {
                return Uni.createFrom().item(known.identity());
            }
            verified.remove(token);
        }
        try {
            JsonWebToken jwt = parser.parse(token);
            SecurityIdentity identity = QuarkusSecurityIdentity.builder()
                    .setPrincipal(jwt)
                    .addCredential(request.getToken())
                    .addRoles(jwt.getGroups())
                    .addAttribute(SecurityIdentity.USER_ATTRIBUTE, jwt)
                    .build();
            if (verified.size() >= MAX_ENTRIES) {
                verified.clear(); // crude but bounded; entries are cheap to rebuild
            }
            verified.put(token, new Verified(identity, jwt.getSubject(), jwt.getExpirationTime() * 1000));
            return Uni.createFrom().item(identity);
        } catch (ParseException e) {
            return Uni.createFrom().failure(new AuthenticationFailedException(e));
        }
    }
}
