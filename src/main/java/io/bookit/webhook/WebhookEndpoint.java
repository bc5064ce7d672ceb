package io.bookit.webhook;

import io.bookit.common.JsonColumn;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** A URL an organizer receives events at, with its signing secret(s). */
@Entity
@Table(name = "webhook_endpoint")
class WebhookEndpoint {

    @Id
    UUID id;

    @Column(name = "owner_id")
    UUID ownerId;

    String url;

    String description;

    /** Wire names of the subscribed {@link WebhookEventType}s. */
    @Convert(converter = JsonColumn.StringList.class)
    List<String> events;

    String secret;

    @Column(name = "previous_secret")
    String previousSecret;

    @Column(name = "previous_secret_until")
    Instant previousSecretUntil;

    boolean enabled;

    @Column(name = "disabled_reason")
    String disabledReason;

    @Column(name = "failed_in_a_row")
    int failedInARow;

    @Column(name = "created_at")
    Instant createdAt;

    @Column(name = "updated_at")
    Instant updatedAt;

    /** The secrets a delivery is signed with now: the current one, and the previous one during its grace period. */
    List<String> signingSecrets(Instant now) {
        List<String> secrets = new ArrayList<>(2);
        secrets.add(secret);
        if (previousSecret != null && previousSecretUntil != null && previousSecretUntil.isAfter(now)) {
            secrets.add(previousSecret);
        }
        return secrets;
    }
}
