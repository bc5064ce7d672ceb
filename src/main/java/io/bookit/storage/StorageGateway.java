package io.bookit.storage;

import io.bookit.common.Workers;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.Map;
import java.util.Optional;
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
 */
@ApplicationScoped
public class StorageGateway {

    /** A stored object: its bytes, content type and user metadata. */
    public record StoredObject(byte[] bytes, String contentType, Map<String, String> metadata) {
    }

    private final StorageConfig config;
    private final Instance<S3Client> s3;
    private final Instance<S3Presigner> presigner;
    private final boolean enabled;
    private volatile boolean bucketReady;

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

    public Uni<Void> put(String key, byte[] bytes, String contentType, Map<String, String> metadata) {
        if (!enabled) {
            return Uni.createFrom().voidItem();
        }
        return Workers.call(() -> {
            ensureBucket();
            s3.get().putObject(put -> put.bucket(config.bucket()).key(key).contentType(contentType).metadata(metadata),
                    RequestBody.fromBytes(bytes));
            return null;
        });
    }

    /** The object, or a null item when it (or storage) is missing. */
    public Uni<StoredObject> get(String key) {
        if (!enabled) {
            return Uni.createFrom().nullItem();
        }
        return Workers.call(() -> {
            try {
                ResponseBytes<GetObjectResponse> object = s3.get()
                        .getObjectAsBytes(get -> get.bucket(config.bucket()).key(key));
                return new StoredObject(object.asByteArray(), object.response().contentType(),
                        object.response().metadata());
            } catch (NoSuchKeyException | NoSuchBucketException e) {
                return null;
            }
        });
    }

    /** A URL that a browser can GET: under the public base URL, or presigned. Computed locally, no I/O. */
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

    private void ensureBucket() {
        if (bucketReady) {
            return;
        }
        try {
            s3.get().headBucket(head -> head.bucket(config.bucket()));
        } catch (NoSuchBucketException e) {
            create();
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw e;
            }
            create();
        }
        bucketReady = true;
    }

    private void create() {
        try {
            s3.get().createBucket(create -> create.bucket(config.bucket()));
            Log.infof("Created bucket %s", config.bucket());
        } catch (BucketAlreadyOwnedByYouException e) {
            // created meanwhile by another instance or request
        }
    }
}
