package io.bookit.auth;

import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** For public endpoints that answer more to a signed-in caller: resolves the optional token without blocking. */
@ApplicationScoped
public class CallerService {

    private final CurrentIdentityAssociation identities;

    CallerService(CurrentIdentityAssociation identities) {
        this.identities = identities;
    }

    /** The caller, or a null item for an anonymous request. A bad token still fails with 401. */
    public Uni<Caller> optional() {
        return identities.getDeferredIdentity().map(identity -> identity.isAnonymous()
                || !(identity.getPrincipal() instanceof JsonWebToken token) ? null : Caller.of(token));
    }
}
