package io.bookit.support;

import io.quarkus.test.common.QuarkusTestResource;

/** Applies {@link LocalServices} to every {@code @QuarkusTest} (a global test resource). */
@QuarkusTestResource(LocalServices.class)
public class TestServicesBinding {
}
