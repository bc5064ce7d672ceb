package io.bookit.ticket;

import static io.bookit.storage.StorageGateway.Visibility.PRIVATE;

import io.bookit.common.DbTime;
import io.bookit.common.Workers;
import io.bookit.storage.StorageGateway;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * Issued ticket files (the QR PNG) in object storage, in its private bucket: served only through the API, to the
 * ticket's holder, never by a URL. Uploads never hold up or fail an order: the
 * {@code order.confirmed} event (see {@link TicketFilesConsumer}) only starts a sweep in the background, and {@link TicketFileJob} sweeps on a schedule for whatever is still
 * missing (storage down, a crash). Until a file is stored, the QR endpoint renders on demand.
 */
@ApplicationScoped
public class TicketFiles {

    static final int SWEEP_BATCH = 50;

    private final TicketRepository tickets;
    private final TicketCodeService codes;
    private final StorageGateway storage;
    private final Vertx vertx;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();

    TicketFiles(TicketRepository tickets, TicketCodeService codes, StorageGateway storage, Vertx vertx) {
        this.tickets = tickets;
        this.codes = codes;
        this.storage = storage;
        this.vertx = vertx;
    }

    /** Called when an order was confirmed: starts a sweep in the background; never throws, returns at once. */
    public void requestSweep() {
        if (!storage.enabled()) {
            return;
        }
        try {
            // A fresh, isolated context: the request's Hibernate session must not be shared with the background work.
            Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
            VertxContextSafetyToggle.setContextSafe(context, true);
            context.runOnContext(ignored -> sweep().subscribe().with(
                    stored -> Log.debugf("Stored %d ticket files", stored),
                    failure -> Log.warnf(failure, "Storing ticket files failed; the ticket file job retries")));
        } catch (RuntimeException e) {
            Log.warnf(e, "Could not start storing ticket files; the ticket file job retries");
        }
    }

    /** Uploads the files of live tickets that have none yet; answers how many were stored. One sweep at a time. */
    Uni<Integer> sweep() {
        if (!storage.enabled()) {
            return Uni.createFrom().item(0);
        }
        if (!running.compareAndSet(false, true)) {
            again.set(true);
            return Uni.createFrom().item(0);
        }
        again.set(false);
        return sweepBatches(0).eventually(() -> running.set(false))
                .call(stored -> again.getAndSet(false) ? sweep() : Uni.createFrom().voidItem());
    }

    /** Batch after batch until one is short; a batch with a failure ends the sweep (the next one retries). */
    private Uni<Integer> sweepBatches(int storedSoFar) {
        return tickets.missingFiles(SWEEP_BATCH).chain(batch -> Multi.createFrom().iterable(batch)
                .onItem().transformToUniAndConcatenate(this::store)
                .collect().with(Collectors.summingInt(stored -> stored ? 1 : 0))
                .chain(stored -> batch.size() < SWEEP_BATCH || stored < batch.size()
                        ? Uni.createFrom().item(storedSoFar + stored)
                        : sweepBatches(storedSoFar + stored)));
    }

    private Uni<Boolean> store(Ticket ticket) {
        return codes.codeFor(ticket)
                .chain(code -> Workers.call(() -> QrCodes.png(code))
                        .chain(png -> storage.put(PRIVATE, key(ticket.eventId, ticket.id), png,
                                QrCodes.CONTENT_TYPE, Map.of("etag", QrCodes.etag(code)))))
                .chain(() -> markStored(ticket.id))
                .replaceWith(true)
                .onFailure().recoverWithItem(failure -> {
                    Log.warnf(failure, "Storing the file of ticket %s failed; retrying later", ticket.id);
                    return false;
                });
    }

    @WithTransaction
    Uni<Integer> markStored(UUID ticketId) {
        return tickets.markFileStored(ticketId, DbTime.now());
    }

    /** The PNG of a code: the stored file when it matches, else rendered now on a worker thread. */
    Uni<byte[]> png(UUID eventId, UUID ticketId, String code) {
        String etag = QrCodes.etag(code);
        return storage.get(PRIVATE, key(eventId, ticketId))
                .onFailure().recoverWithItem(failure -> {
                    Log.warnf(failure, "Reading the file of ticket %s failed; rendering it", ticketId);
                    return null;
                })
                .chain(stored -> stored != null && etag.equals(stored.metadata().get("etag"))
                        ? Uni.createFrom().item(stored.bytes())
                        : Workers.call(() -> QrCodes.png(code)));
    }

    static String key(UUID eventId, UUID ticketId) {
        return "tickets/" + eventId + "/" + ticketId + ".png";
    }
}
