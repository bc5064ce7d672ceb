package io.bookit.support;

import io.quarkus.test.common.QuarkusTestResource;

/** Applies {@link LocalServices} and {@link S3ProxyResource} to every {@code @QuarkusTest} (global test resources). */
@QuarkusTestResource(LocalServices.class)
@QuarkusTestResource(S3ProxyResource.class)
public class TestServicesBinding {
}
