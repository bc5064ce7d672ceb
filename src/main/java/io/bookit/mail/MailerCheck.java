package io.bookit.mail;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;

/**
 * A production start needs a real SMTP server for the buyers' mails: {@code quarkus.mailer.host}
 * (QUARKUS_MAILER_HOST) set on purpose, not Quarkus' default {@code localhost}, and a sender
 * ({@code quarkus.mailer.from}). Mock mode ({@code quarkus.mailer.mock=true}, mails only logged) or
 * {@code bookit.mail.enabled=false} are the explicit ways out. Dev and test mode mock or point at a test server
 * themselves.
 */
@Singleton
class MailerCheck {

    void check(@Observes StartupEvent event, Config config, MailConfig mail) {
        if (LaunchMode.current() != LaunchMode.NORMAL || !mail.enabled()
                || config.getOptionalValue("quarkus.mailer.mock", Boolean.class).orElse(false)) {
            return;
        }
        if (!explicit(config.getConfigValue("quarkus.mailer.host"))
                || config.getOptionalValue("quarkus.mailer.from", String.class).isEmpty()) {
            throw new IllegalStateException("Buyers' mails need an SMTP server and a sender: set QUARKUS_MAILER_HOST "
                    + "and QUARKUS_MAILER_FROM (and _PORT, _USERNAME, _PASSWORD, TLS as needed; see "
                    + "docs/CONFIGURATION.md), or QUARKUS_MAILER_MOCK=true to only log mails, or "
                    + "BOOKIT_MAIL_ENABLED=false to send none");
        }
    }

    /** Set by a configuration source (a file, the environment, a system property) rather than a built-in default. */
    private static boolean explicit(org.eclipse.microprofile.config.ConfigValue value) {
        return value.getRawValue() != null && value.getSourceOrdinal() > 0;
    }
}
