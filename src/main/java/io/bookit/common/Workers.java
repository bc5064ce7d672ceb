package io.bookit.common;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.function.Supplier;

/**
 * Runs blocking work (bcrypt, stripe-java, ZXing, the synchronous S3 client) on the worker pool and resumes on
 * the caller's Vert.x context, where the reactive Hibernate session and the rest of the pipeline belong.
 */
public final class Workers {

    private Workers() {
    }

    public static <T> Uni<T> call(Supplier<T> blockingWork) {
        Context caller = Vertx.currentContext();
        Uni<T> work = Uni.createFrom().item(blockingWork).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        return caller == null ? work : work.emitOn(task -> caller.runOnContext(ignored -> task.run()));
    }
}
