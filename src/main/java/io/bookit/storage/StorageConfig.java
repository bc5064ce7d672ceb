package io.bookit.storage;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Object storage (S3) for ticket files and event images. The S3 client itself is configured by quarkus.s3.*. */
@ConfigMapping(prefix = "bookit.s3")
public interface StorageConfig {

    /** The bucket of public files (event images), which a public URL may serve; created at first use when missing. */
    @WithDefault("bookit")
    String bucket();

    /**
     * The bucket of private files (ticket QR images), never served by URL, only through the API to the ticket's
     * holder; created at first use when missing. Unset: {@link #bucket()} + {@code -private}.
     */
    Optional<String> privateBucket();

    /**
     * Whether to use S3 at all. Unset: only when {@code quarkus.s3.endpoint-override} is configured. Set true for
     * AWS itself (the SDK's default region and credential chains apply).
     */
    Optional<Boolean> enabled();

    /** Base URL of a public bucket or CDN ({@code https://cdn.example/}); unset: presigned GET URLs. */
    Optional<String> publicUrl();

    /** How long a presigned GET URL stays valid. */
    @WithDefault("1H")
    Duration presignTtl();
}
