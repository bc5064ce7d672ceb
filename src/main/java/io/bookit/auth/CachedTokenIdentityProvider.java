package io.bookit.auth;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.credential.TokenCredential;
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
     * The subject (user id) of a valid, unexpired token, verified on first sight and remembered like any other; null
     * for an invalid or expired one. Lets a filter in front of the REST layer know the caller: a fresh crowd's first
     * calls are then refused there too, instead of each taking the whole path until its first answer is back.
     */
    public String subjectOf(String token) {
        Verified known = known(token);
        if (known == null) {
            try {
                known = verify(token, new TokenCredential(token, "bearer"));
            } catch (ParseException e) {
                return null; // the REST layer answers it with 401
            }
        }
        return known.subject();
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        String token = request.getToken().getToken();
        Verified known = known(token);
        if (known != null) {
            return Uni.createFrom().item(known.identity());
        }
        try {
            return Uni.createFrom().item(verify(token, request.getToken()).identity());
        } catch (ParseException e) {
            return Uni.createFrom().failure(new AuthenticationFailedException(e));
        }
    }

    private Verified known(String token) {
        Verified known = verified.get(token);
        if (known != null && known.expiresAtMillis() <= System.currentTimeMillis()) {
            verified.remove(token);
            return null;
        }
        return known;
    }

    private Verified verify(String token, TokenCredential credential) throws ParseException {
        JsonWebToken jwt = parser.parse(token);
        SecurityIdentity identity = QuarkusSecurityIdentity.builder()
                .setPrincipal(jwt)
                .addCredential(credential)
                .addRoles(jwt.getGroups())
                .addAttribute(SecurityIdentity.USER_ATTRIBUTE, jwt)
                .build();
        if (verified.size() >= MAX_ENTRIES) {
            verified.clear(); // crude but bounded; entries are cheap to rebuild
        }
        Verified fresh = new Verified(identity, jwt.getSubject(), jwt.getExpirationTime() * 1000);
        verified.put(token, fresh);
        return fresh;
    }
}
