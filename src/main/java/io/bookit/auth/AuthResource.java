package io.bookit.auth;

import io.bookit.common.ClientAddress;
import io.bookit.ratelimit.RateLimiter;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;

@Path("/api/auth")
@Tag(name = "Auth")
@PermitAll
public class AuthResource {

    private final AuthService auth;
    private final RateLimiter limits;

    AuthResource(AuthService auth, RateLimiter limits) {
        this.auth = auth;
        this.limits = limits;
    }

    @POST
    @Path("/register")
    @ResponseStatus(201)
    @Operation(summary = "Create an attendee or organizer account")
    public Uni<AuthDtos.UserView> register(@Valid @NotNull AuthDtos.RegisterRequest request,
            @Context HttpServerRequest http) {
        return limits.check(RateLimiter.Call.REGISTER, null, ClientAddress.of(http)).chain(() -> auth.register(request.email(), request.password(), request.displayName(), request.role())
                .map(AuthDtos.UserView::of));
    }

    /**
     * Limited per address (every attempt) and per account at that address (wrong passwords only: the right one gives
     * its token back), so that someone else's guesses from elsewhere never refuse the owner's right password.
     */
    @POST
    @Path("/login")
    @Operation(summary = "Exchange e-mail and password for a bearer token")
    public Uni<AuthDtos.TokenView> login(@Valid @NotNull AuthDtos.LoginRequest request,
            @Context HttpServerRequest http) {
        String account = AuthService.normalize(request.email());
        String address = ClientAddress.of(http);
        return limits.check(RateLimiter.Call.LOGIN, account, address)
                .chain(() -> auth.login(request.email(), request.password()))
                .call(() -> limits.succeeded(RateLimiter.Call.LOGIN, account, address));
    }
}
