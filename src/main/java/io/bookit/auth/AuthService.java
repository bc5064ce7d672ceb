package io.bookit.auth;

import io.bookit.common.PgErrors;
import io.bookit.common.ProblemException;
import io.bookit.common.Workers;
import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

@ApplicationScoped
public class AuthService {

    private final UserRepository users;
    private final TokenIssuer tokens;
    private final AuthConfig config;
    /** Compared against when the e-mail is unknown, so that a login takes as long either way. */
    private final String decoyHash;

    AuthService(UserRepository users, TokenIssuer tokens, AuthConfig config) {
        this.users = users;
        this.tokens = tokens;
        this.config = config;
        this.decoyHash = BcryptUtil.bcryptHash(UUID.randomUUID().toString(), config.bcryptCost());
    }

    /** Hashes outside the transaction (slow, on a worker), then inserts; a taken e-mail is a 409. */
    public Uni<User> register(String email, String password, String displayName, String role) {
        String normalized = normalize(email);
        return Workers.call(() -> BcryptUtil.bcryptHash(password, config.bcryptCost()))
                .chain(hash -> insert(normalized, hash, displayName.strip(), role == null ? Role.ATTENDEE : role))
                .onFailure(e -> PgErrors.violates(e, "app_user_email_key"))
                .transform(e -> ProblemException.conflict("email-taken", "An account with this e-mail already exists"));
    }

    @WithTransaction
    Uni<User> insert(String email, String passwordHash, String displayName, String role) {
        User user = new User();
        user.id = UUID.randomUUID();
        user.email = email;
        user.passwordHash = passwordHash;
        user.displayName = displayName;
        user.role = role;
        user.createdAt = Instant.now();
        return users.persistAndFlush(user);
    }

    public Uni<AuthDtos.TokenView> login(String email, String password) {
        return users.findByEmail(normalize(email))
                .chain(user -> Workers.call(() -> BcryptUtil.matches(password, user == null ? decoyHash : user.passwordHash))
                        .map(matches -> {
                            if (user == null || !matches) {
                                throw new ProblemException(401, "invalid-credentials", "Unauthorized",
                                        "E-mail or password is wrong");
                            }
                            return tokens.issue(user);
                        }));
    }

    public static String normalize(String email) {
        return email.strip().toLowerCase(Locale.ROOT);
    }
}
