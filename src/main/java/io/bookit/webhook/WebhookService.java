package io.bookit.webhook;

import io.bookit.auth.Caller;
import io.bookit.common.DbTime;
import io.bookit.common.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An organizer's webhook endpoints: create, read, change, delete, rotate the secret; the delivery log. */
@ApplicationScoped
class WebhookService {

    static final String DISABLED_BY_ORGANIZER = "Disabled by the organizer";

    private final WebhookRepository endpoints;
    private final DeliveryRepository deliveries;
    private final WebhookTargets targets;
    private final WebhookConfig config;

    WebhookService(WebhookRepository endpoints, DeliveryRepository deliveries, WebhookTargets targets,
            WebhookConfig config) {
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.targets = targets;
        this.config = config;
    }

    /** The URL is checked (and, with the guard on, resolved) before any transaction opens. */
    Uni<WebhookDtos.EndpointView> create(Caller caller, WebhookDtos.CreateEndpoint request) {
        URI url = targets.parse(request.url());
        return checkResolves(url).chain(() -> insert(caller, url, request));
    }

    @WithTransaction
    Uni<WebhookDtos.EndpointView> insert(Caller caller, URI url, WebhookDtos.CreateEndpoint request) {
        return endpoints.countByOwner(caller.id()).chain(count -> {
            if (count >= config.maxEndpointsPerOrganizer()) {
                throw ProblemException.conflict("too-many-webhooks",
                        "An organizer may have " + config.maxEndpointsPerOrganizer() + " webhook endpoints");
            }
            Instant now = DbTime.now();
            WebhookEndpoint endpoint = new WebhookEndpoint();
            endpoint.id = UUID.randomUUID();
            endpoint.ownerId = caller.id();
            endpoint.url = url.toString();
            endpoint.description = blankToNull(request.description());
            endpoint.events = eventTypes(request.events());
            endpoint.secret = WebhookSignature.newSecret();
            endpoint.enabled = true;
            endpoint.createdAt = now;
            endpoint.updatedAt = now;
            return endpoints.persist(endpoint).map(saved -> WebhookDtos.EndpointView.of(saved, saved.secret));
        });
    }

    @WithSession
    Uni<List<WebhookDtos.EndpointView>> list(Caller caller) {
        return endpoints.listByOwner(caller.id())
                .map(list -> list.stream().map(WebhookDtos.EndpointView::of).toList());
    }

    @WithSession
    Uni<WebhookDtos.EndpointView> get(Caller caller, UUID id) {
        return owned(caller, id).map(WebhookDtos.EndpointView::of);
    }

    Uni<WebhookDtos.EndpointView> update(Caller caller, UUID id, WebhookDtos.PatchEndpoint patch) {
        URI url = patch.url() == null ? null : targets.parse(patch.url());
        return (url == null ? Uni.createFrom().voidItem() : checkResolves(url)).chain(() -> applyPatch(caller, id, url, patch));
    }

    @WithTransaction
    Uni<WebhookDtos.EndpointView> applyPatch(Caller caller, UUID id, URI url, WebhookDtos.PatchEndpoint patch) {
        return owned(caller, id).map(endpoint -> {
            if (url != null) {
                endpoint.url = url.toString();
            }
            if (patch.events() != null) {
                endpoint.events = eventTypes(patch.events());
            }
            if (patch.description() != null) {
                endpoint.description = blankToNull(patch.description());
            }
            if (Boolean.TRUE.equals(patch.enabled()) && !endpoint.enabled) {
                endpoint.enabled = true;
                endpoint.disabledReason = null;
                endpoint.failedInARow = 0;
            } else if (Boolean.FALSE.equals(patch.enabled()) && endpoint.enabled) {
                endpoint.enabled = false;
                endpoint.disabledReason = DISABLED_BY_ORGANIZER;
            }
            endpoint.updatedAt = DbTime.now();
            return WebhookDtos.EndpointView.of(endpoint);
        });
    }

    /** The endpoint and its delivery log go. */
    @WithTransaction
    Uni<Void> delete(Caller caller, UUID id) {
        return owned(caller, id).chain(endpoints::delete);
    }

    /**
     * A new secret signs from now on; the one it replaces keeps signing too (a second {@code v1=}) for
     * {@code bookit.webhooks.previous-secret-validity}, so receivers can switch without losing a delivery.
     */
    @WithTransaction
    Uni<WebhookDtos.EndpointView> rotateSecret(Caller caller, UUID id) {
        return owned(caller, id).map(endpoint -> {
            endpoint.previousSecret = endpoint.secret;
            endpoint.previousSecretUntil = DbTime.now().plus(config.previousSecretValidity());
            endpoint.secret = WebhookSignature.newSecret();
            endpoint.updatedAt = DbTime.now();
            return WebhookDtos.EndpointView.of(endpoint, endpoint.secret);
        });
    }

    @WithSession
    Uni<List<WebhookDtos.DeliveryView>> deliveries(Caller caller, UUID id, DeliveryStatus status, int limit) {
        return owned(caller, id).chain(endpoint -> deliveries.listByEndpoint(endpoint.id, status, limit))
                .map(list -> list.stream().map(WebhookDtos.DeliveryView::of).toList());
    }

    /** Sends a delivery (of any status) again soon, with a fresh retry window. */
    @WithTransaction
    Uni<WebhookDtos.DeliveryView> redeliver(Caller caller, UUID id, UUID deliveryId) {
        return owned(caller, id).chain(endpoint -> {
            if (!endpoint.enabled) {
                throw ProblemException.conflict("webhook-disabled", "Enable the endpoint before redelivering");
            }
            return deliveries.redeliver(deliveryId, endpoint.id);
        }).chain(updated -> {
            if (updated == 0) {
                throw ProblemException.notFound("Delivery");
            }
            return deliveries.findById(deliveryId); // not loaded before in this session: read as updated
        }).map(WebhookDtos.DeliveryView::of);
    }

    /** The caller's endpoint (any, for an administrator); 404 for anyone else's. */
    private Uni<WebhookEndpoint> owned(Caller caller, UUID id) {
        return endpoints.findById(id).map(endpoint -> {
            if (endpoint == null || !caller.owns(endpoint.ownerId)) {
                throw ProblemException.notFound("Webhook endpoint");
            }
            return endpoint;
        });
    }

    /** With the guard on, a host that resolves to an internal address (or not at all) is refused at once. */
    private Uni<Void> checkResolves(URI url) {
        if (targets.allowsPrivate()) {
            return Uni.createFrom().voidItem();
        }
        return targets.resolve(url).replaceWithVoid()
                .onFailure(WebhookTargets.RefusedTarget.class)
                .transform(refused -> ProblemException.validation("url", refused.getMessage()));
    }

    /** Known types only (Bean Validation said so already), each once, in the order given. */
    private static List<String> eventTypes(List<String> requested) {
        for (int i = 0; i < requested.size(); i++) {
            if (WebhookEventType.of(requested.get(i)).isEmpty()) {
                throw ProblemException.validation("events[" + i + "]", WebhookDtos.EVENT_TYPE_RULE);
            }
        }
        return requested.stream().distinct().toList();
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

}
