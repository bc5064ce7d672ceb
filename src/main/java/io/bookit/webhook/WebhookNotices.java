package io.bookit.webhook;

import io.bookit.auth.UserRepository;
import io.bookit.mail.MailConfig;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.logging.Log;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Tells an organizer that Bookit disabled one of their endpoints, by mail where mail is configured (the endpoint's
 * {@code enabled: false} and {@code disabledReason} tell it in any case). A mail that cannot go is logged, not retried.
 */
@ApplicationScoped
class WebhookNotices {

    private final UserRepository users;
    private final ReactiveMailer mailer;
    private final boolean mailConfigured;

    WebhookNotices(UserRepository users, ReactiveMailer mailer, MailConfig mail,
            @ConfigProperty(name = "quarkus.mailer.from") Optional<String> from) {
        this.users = users;
        this.mailer = mailer;
        this.mailConfigured = mail.enabled() && from.isPresent();
    }

    Uni<Void> endpointDisabled(DeliveryService.Disabled disabled) {
        Log.warnf("Webhook endpoint %s (%s) disabled: %s", disabled.endpointId(), disabled.url(), disabled.reason());
        if (!mailConfigured) {
            return Uni.createFrom().voidItem();
        }
        return email(disabled).chain(to -> to == null ? Uni.createFrom().voidItem() : mailer.send(Mail.withText(to,
                "Bookit disabled your webhook endpoint",
                "Bookit stopped sending events to your webhook endpoint\n\n  " + disabled.url() + "\n\n"
                        + disabled.reason() + ".\n\nEvents are no longer queued for it. When your receiver works "
                        + "again, enable the endpoint (PATCH /api/organizer/webhooks/" + disabled.endpointId()
                        + " {\"enabled\": true}) and redeliver what you missed from its delivery log.\n")))
                .onFailure().invoke(failure -> Log.warnf(failure, "Could not mail the organizer about webhook endpoint %s",
                        disabled.endpointId()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    @WithSession
    Uni<String> email(DeliveryService.Disabled disabled) {
        return users.findById(disabled.ownerId()).map(user -> user == null ? null : user.email);
    }
}
