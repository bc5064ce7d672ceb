package io.bookit.event;

import io.bookit.auth.Caller;
import io.bookit.common.DbTime;
import io.bookit.common.ProblemException;
import io.bookit.storage.StorageGateway;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.UUID;

/** Event images in object storage; the event row keeps the object key, the JSON carries a URL for it. */
@ApplicationScoped
public class EventImages {

    static final int MAX_BYTES = 5 * 1024 * 1024;

    /** An accepted image type, recognised by its magic bytes (never by the Content-Type header). */
    enum ImageType {
        JPEG("image/jpeg", "jpg"),
        PNG("image/png", "png"),
        WEBP("image/webp", "webp");

        final String mediaType;
        final String extension;

        ImageType(String mediaType, String extension) {
            this.mediaType = mediaType;
            this.extension = extension;
        }

        static ImageType sniff(byte[] bytes) {
            if (startsWith(bytes, 0, 0xFF, 0xD8, 0xFF)) {
                return JPEG;
            }
            if (startsWith(bytes, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
                return PNG;
            }
            if (startsWith(bytes, 0, 'R', 'I', 'F', 'F') && startsWith(bytes, 8, 'W', 'E', 'B', 'P')) {
                return WEBP;
            }
            return null;
        }

        private static boolean startsWith(byte[] bytes, int offset, int... magic) {
            if (bytes.length < offset + magic.length) {
                return false;
            }
            for (int i = 0; i < magic.length; i++) {
                if ((bytes[offset + i] & 0xFF) != magic[i]) {
                    return false;
                }
            }
            return true;
        }
    }

    record ImageView(String imageUrl) {
    }

    private final EventService events;
    private final EventRepository repository;
    private final StorageGateway storage;

    EventImages(EventService events, EventRepository repository, StorageGateway storage) {
        this.events = events;
        this.repository = repository;
        this.storage = storage;
    }

    /** Owner only; checks size, type and owner, stores the bytes under a new key, then points the event at it. */
    Uni<ImageView> upload(Caller caller, UUID eventId, byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return Uni.createFrom().failure(ProblemException.validation("body", "the image bytes are missing"));
        }
        if (bytes.length > MAX_BYTES) {
            return Uni.createFrom().failure(new ProblemException(413, "payload-too-large", "Payload too large",
                    "An event image may have at most 5 MB").with("maxBytes", MAX_BYTES));
        }
        ImageType type = ImageType.sniff(bytes);
        if (type == null) {
            return Uni.createFrom().failure(new ProblemException(415, "unsupported-media-type",
                    "Unsupported media type", "The image must be JPEG, PNG or WebP")
                    .with("accepted", java.util.List.of("image/jpeg", "image/png", "image/webp")));
        }
        String key = "events/" + eventId + "/image-" + UUID.randomUUID() + "." + type.extension;
        return events.getOwned(caller, eventId) // another's event is refused as such, whatever this server's storage
                .invoke(() -> {
                    if (!storage.enabled()) {
                        throw new ProblemException(503, "storage-unavailable", "Storage unavailable",
                                "Object storage is not configured on this server");
                    }
                })
                .chain(() -> storage.put(StorageGateway.Visibility.PUBLIC, key, bytes, type.mediaType, Map.of()))
                .chain(() -> point(eventId, key))
                .call(() -> events.evict(eventId))
                .map(ignored -> new ImageView(storage.url(key)));
    }

    @WithTransaction
    Uni<Integer> point(UUID eventId, String key) {
        return repository.update("imageKey = ?1, updatedAt = ?2 where id = ?3", key,
                DbTime.now(), eventId);
    }

    /** The event as the API shows it, with a URL for its image. */
    public EventDtos.EventView view(Event event) {
        return EventDtos.EventView.of(event, storage.url(event.imageKey));
    }
}
