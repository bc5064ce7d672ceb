package io.bookit.webhook;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;
import io.vertx.ext.web.codec.BodyCodec;
import io.vertx.ext.web.codec.spi.BodyStream;
import java.nio.charset.StandardCharsets;

/** A receiver's answer read as text, keeping its first {@code limit} bytes only: a huge answer costs no memory. */
final class LimitedBody implements BodyCodec<String> {

    private final int limit;

    LimitedBody(int limit) {
        this.limit = limit;
    }

    @Override
    public void create(Handler<AsyncResult<BodyStream<String>>> callback) {
        callback.handle(Future.succeededFuture(new Stream(limit)));
    }

    private static final class Stream implements BodyStream<String> {

        private final int limit;
        private final Buffer kept = Buffer.buffer();
        private final Promise<String> result = Promise.promise();

        Stream(int limit) {
            this.limit = limit;
        }

        @Override
        public Future<String> result() {
            return result.future();
        }

        @Override
        public void handle(Throwable failure) {
            result.tryFail(failure);
        }

        @Override
        public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
            return this;
        }

        @Override
        public Future<Void> write(Buffer data) {
            int room = limit - kept.length();
            if (room > 0) {
                kept.appendBuffer(data.length() <= room ? data : data.getBuffer(0, room));
            }
            return Future.succeededFuture();
        }

        @Override
        public void write(Buffer data, Handler<AsyncResult<Void>> handler) {
            write(data).onComplete(handler);
        }

        @Override
        public void end(Handler<AsyncResult<Void>> handler) {
            // a cut multi-byte character at the end becomes U+FFFD: the log shows text, not bytes
            result.tryComplete(new String(kept.getBytes(), StandardCharsets.UTF_8));
            if (handler != null) {
                handler.handle(Future.succeededFuture());
            }
        }

        @Override
        public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
            return this;
        }

        @Override
        public boolean writeQueueFull() {
            return false;
        }

        @Override
        public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
            return this;
        }
    }
}
