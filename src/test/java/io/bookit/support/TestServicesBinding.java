package io.bookit.support;

import io.quarkus.test.common.QuarkusTestResource;

/**
 * Applies {@link LocalServices}, {@link S3ProxyResource} and {@link GreenMailResource} to every {@code @QuarkusTest}
 * (global test resources).
 */
@QuarkusTestResource(LocalServices.class)
@QuarkusTestResource(S3ProxyResource.class)
@QuarkusTestResource(GreenMailResource.class)
public class TestServicesBinding {
}
