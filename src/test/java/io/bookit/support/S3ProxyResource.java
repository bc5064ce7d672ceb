package io.bookit.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.net.URI;
import java.util.Map;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * An in-process S3-compatible server (s3proxy over jclouds' in-memory "transient" blob store) for the tests.
 * Port 0 by default (a free one); -Dbookit.test.s3-port=... pins it.
 */
public class S3ProxyResource implements QuarkusTestResourceLifecycleManager {

    static final String ACCESS_KEY = "bookit-test";
    static final String SECRET_KEY = "bookit-test-secret";

    private S3Proxy proxy;
    private BlobStoreContext context;

    @Override
    public Map<String, String> start() {
        int port = Integer.getInteger("bookit.test.s3-port", 0);
        context = ContextBuilder.newBuilder("transient").credentials("identity", "credential")
                .build(BlobStoreContext.class);
        proxy = S3Proxy.builder()
                .blobStore(context.getBlobStore())
                .endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        try {
            proxy.start();
            org.awaitility.Awaitility.await("s3proxy started").atMost(java.time.Duration.ofSeconds(10))
                    .pollInterval(java.time.Duration.ofMillis(20)).until(() -> "STARTED".equals(proxy.getState()));
        } catch (Exception e) {
            throw new IllegalStateException("Cannot start s3proxy", e);
        }
        return Map.of(
                "quarkus.s3.endpoint-override", "http://127.0.0.1:" + proxy.getPort(),
                "quarkus.s3.aws.credentials.type", "static",
                "quarkus.s3.aws.credentials.static-provider.access-key-id", ACCESS_KEY,
                "quarkus.s3.aws.credentials.static-provider.secret-access-key", SECRET_KEY);
    }

    @Override
    public void stop() {
        try {
            if (proxy != null) {
                proxy.stop();
            }
        } catch (Exception e) {
            // the JVM is ending anyway
        } finally {
            if (context != null) {
                context.close();
            }
        }
    }
}
