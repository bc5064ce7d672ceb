package io.bookit.storage;

import io.bookit.common.Workers;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * S3 behind the synchronous AWS SDK client: every call runs on a worker thread and resumes on the caller's
 * context. Without an S3 endpoint (see {@link StorageConfig#enabled()}) storage is off: {@link #enabled()} is
 * false, writes are skipped and reads find nothing.
 * <p>
 * Public and private files live in buckets of their own: an operator who exposes the public one by URL (a CDN,
 * {@code bookit.s3.public-url}) exposes event images only, never tickets.
 */
@ApplicationScoped
public class StorageGateway {

    /** A stored object: its bytes, content type and user metadata. */
    public record StoredObject(byte[] bytes, String contentType, Map<String, String> metadata) {
    }

    /** Who may read a file: anyone with its URL (event images), or only the API on the holder's behalf (tickets). */
    public enum Visibility {
        PUBLIC,
        PRIVATE
    }

    private final StorageConfig config;
    private final Instance<S3Client> s3;
    private final Instance<S3Presigner> presigner;
    private final boolean enabled;
    private final Set<String> readyBuckets = ConcurrentHashMap.newKeySet();

    StorageGateway(StorageConfig config, Instance<S3Client> s3, Instance<S3Presigner> presigner,
            @ConfigProperty(name = "quarkus.s3.endpoint-override") Optional<String> endpoint) {
        this.config = config;
        this.s3 = s3;
        this.presigner = presigner;
        this.enabled = config.enabled().orElse(endpoint.isPresent());
        if (!enabled) {
            Log.info("No S3 endpoint configured: ticket files are not stored (QR codes render on demand) "
                    + "and event images cannot be uploaded");
        }
    }

    public boolean enabled() {
        return enabled;
    }

    public Uni<Void> put(Visibility visibility, String key, byte[] bytes, String contentType,
            Map<String, String> metadata) {
        if (!enabled) {
            return Uni.createFrom().voidItem();
        }
        String bucket = bucket(visibility);
        return Workers.call(() -> {
            ensureBucket(bucket);
            s3.get().putObject(put -> put.bucket(bucket).key(key).contentType(contentType).metadata(metadata),
                    RequestBody.fromBytes(bytes));
            return null;
        });
    }

    /** The object, or a null item when it (or storage) is missing. */
    public Uni<StoredObject> get(Visibility visibility, String key) {
        if (!enabled) {
            return Uni.createFrom().nullItem();
        }
        String bucket = bucket(visibility);
        return Workers.call(() -> {
            try {
                ResponseBytes<GetObjectResponse> object = s3.get()
                        .getObjectAsBytes(get -> get.bucket(bucket).key(key));
                return new StoredObject(object.asByteArray(), object.response().contentType(),
                        object.response().metadata());
            } catch (NoSuchKeyException | NoSuchBucketException e) {
                return null;
            }
        });
    }

    /** A URL of a public file that a browser can GET: under the public base URL, or presigned. No I/O. */
    public String url(String key) {
        if (key == null || !enabled) {
            return null;
        }
        if (config.publicUrl().isPresent()) {
            String base = config.publicUrl().get();
            return (base.endsWith("/") ? base : base + "/") + key;
        }
        return presigner.get().presignGetObject(presign -> presign.signatureDuration(config.presignTtl())
                .getObjectRequest(get -> get.bucket(config.bucket()).key(key))).url().toExternalForm();
    }

    /** The bucket of files of this visibility (the private one: configured, or the public one's name + -private). */
    public String bucket(Visibility visibility) {
        return visibility == Visibility.PUBLIC ? config.bucket()
                : config.privateBucket().orElse(config.bucket() + "-private");
    }

    private void ensureBucket(String bucket) {
        if (readyBuckets.contains(bucket)) {
            return;
        }
        try {
            s3.get().headBucket(head -> head.bucket(bucket));
        } catch (NoSuchBucketException e) {
            create(bucket);
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw e;
            }
            create(bucket);
        }
        readyBuckets.add(bucket);
    }

    private void create(String bucket) {
        try {
            s3.get().createBucket(create -> create.bucket(bucket));
            Log.infof("Created bucket %s", bucket);
        } catch (BucketAlreadyOwnedByYouException e) {
            // created meanwhile by another instance or request
        }
    }
}
