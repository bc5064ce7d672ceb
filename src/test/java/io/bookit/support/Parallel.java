package io.bookit.support;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Fires real parallel requests: all tasks start together, results come back in task order. */
public final class Parallel {

    private Parallel() {
    }

    public interface Task<T> {
        T run(int index) throws Exception;
    }

    public static <T> List<T> run(int n, Task<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(n, 64));
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(pool.submit((Callable<T>) () -> {
                    start.await();
                    return task.run(index);
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
