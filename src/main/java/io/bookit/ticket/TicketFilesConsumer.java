package io.bookit.ticket;

import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Ticket issuance hook: every confirmed order (from the outbox, through RabbitMQ) starts storing the files of its
 * tickets. Redelivery is harmless: a sweep stores only files that are missing.
 */
@ApplicationScoped
class TicketFilesConsumer {

    private final TicketFiles files;

    TicketFilesConsumer(TicketFiles files) {
        this.files = files;
    }

    @Incoming("ticket-files")
    void confirmed(JsonObject orderConfirmed) {
        files.requestSweep();
    }
}
