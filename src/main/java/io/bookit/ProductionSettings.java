package io.bookit;

import io.bookit.payment.PaymentsConfig;
import io.bookit.payment.StripeConfig;
import io.bookit.ticket.TicketsConfig;
import io.bookit.waitingroom.WaitingRoomConfig;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * A production start refuses the settings that make dev and test work with no set-up but would be unsafe with real
 * money: the public waiting-room token secret and ticket key-encryption key, missing JWT keys and the simulated payment
 * provider (unless {@code bookit.payments.allow-simulated=true}, for load tests). Production is the packaged application
 * ({@code java -jar}, a container: Quarkus' {@link LaunchMode#NORMAL}, whatever the profile); dev mode and tests are
 * not checked. The start fails with one line per setting to set (docs/OPERATIONS.md lists them). It runs first among
 * the start-up observers, before any bean that would use a setting; Flyway has migrated the database by then.
 */
@ApplicationScoped
class ProductionSettings {

    static final String HEADLINE = "Bookit refuses to start in production with development settings. Set:";

    /** What the checks read: the two secrets as configured, and whether each other setting is present. */
    record Settings(String waitingRoomTokenSecret, String ticketKeyEncryptionKey, boolean jwtVerifyKey,
            boolean jwtSignKey, String paymentProvider, boolean allowSimulated, boolean stripeApiKey,
            boolean stripeWebhookSecret) {
    }

    /** One line per setting production must set, empty when it may start. */
    static List<String> missing(Settings settings) {
        List<String> missing = new ArrayList<>();
        if (isDevelopmentValue(settings.waitingRoomTokenSecret(), WaitingRoomConfig.DEV_TOKEN_SECRET)) {
            missing.add("BOOKIT_WAITING_ROOM_TOKEN_SECRET (bookit.waiting-room.token-secret): base64 of 32 random "
                    + "bytes (openssl rand -base64 32), the same on every instance; the built-in one is public, so "
                    + "anyone could make admission tokens");
        }
        if (isDevelopmentValue(settings.ticketKeyEncryptionKey(), TicketsConfig.DEV_KEY_ENCRYPTION_KEY)) {
            missing.add("BOOKIT_TICKETS_KEY_ENCRYPTION_KEY (bookit.tickets.key-encryption-key): base64 of 32 random "
                    + "bytes (openssl rand -base64 32), the same on every instance and kept; the built-in one is "
                    + "public, so anyone with a database backup could sign tickets");
        }
        if (!settings.jwtVerifyKey()) {
            missing.add("MP_JWT_VERIFY_PUBLICKEY_LOCATION (mp.jwt.verify.publickey.location): the PEM public key "
                    + "that verifies access tokens, the same on every instance (docs/CONFIGURATION.md)");
        }
        if (!settings.jwtSignKey()) {
            missing.add("SMALLRYE_JWT_SIGN_KEY_LOCATION (smallrye.jwt.sign.key.location): the PEM private key that "
                    + "signs access tokens, the same on every instance (docs/CONFIGURATION.md)");
        }
        if ("simulated".equals(settings.paymentProvider()) && !settings.allowSimulated()) {
            missing.add("BOOKIT_PAYMENTS_PROVIDER=stripe (bookit.payments.provider), or "
                    + "BOOKIT_PAYMENTS_ALLOW_SIMULATED=true for a load test: simulated payments confirm every order "
                    + "with no money taken");
        }
        if ("stripe".equals(settings.paymentProvider())) {
            if (!settings.stripeApiKey()) {
                missing.add("BOOKIT_STRIPE_API_KEY (bookit.stripe.api-key): the provider is stripe");
            }
            if (!settings.stripeWebhookSecret()) {
                missing.add("BOOKIT_STRIPE_WEBHOOK_SECRET (bookit.stripe.webhook-secret): the provider is stripe, "
                        + "and payments are confirmed by its signed webhooks");
            }
        }
        return missing;
    }

    /** The failure of a start with these lines missing. */
    static ConfigurationException refusal(List<String> missing) {
        return new ConfigurationException(HEADLINE + "\n  - " + String.join("\n  - ", missing)
                + "\nSee docs/OPERATIONS.md.");
    }

    void refuseDevelopmentSettings(@Observes @Priority(1) StartupEvent started, WaitingRoomConfig waitingRoom,
            TicketsConfig tickets, PaymentsConfig payments, StripeConfig stripe, Config config) {
        if (LaunchMode.current() != LaunchMode.NORMAL) {
            return;
        }
        List<String> missing = missing(new Settings(waitingRoom.tokenSecret(), tickets.keyEncryptionKey(),
                present(config, "mp.jwt.verify.publickey.location") || present(config, "mp.jwt.verify.publickey"),
                present(config, "smallrye.jwt.sign.key.location") || present(config, "smallrye.jwt.sign.key"),
                payments.provider(), payments.allowSimulated(), present(stripe.apiKey()),
                present(stripe.webhookSecret())));
        if (!missing.isEmpty()) {
            throw refusal(missing);
        }
    }

    private static boolean isDevelopmentValue(String value, String developmentValue) {
        return value == null || value.isBlank() || developmentValue.equals(value.strip());
    }

    private static boolean present(Config config, String name) {
        return present(config.getOptionalValue(name, String.class));
    }

    private static boolean present(Optional<String> value) {
        return value.filter(v -> !v.isBlank()).isPresent();
    }
}
