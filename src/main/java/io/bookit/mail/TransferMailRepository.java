package io.bookit.mail;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;

/** Table {@code transfer_mail}: one row per mail of a transfer message, keyed by the message id and the mail's kind. */
@ApplicationScoped
class TransferMailRepository {

    /** Needs a session. */
    Uni<Boolean> sent(UUID messageId, TransferMailKind kind) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "SELECT count(*) FROM transfer_mail WHERE message_id = ?1 AND kind = ?2", Long.class)
                .setParameter(1, messageId).setParameter(2, kind.name()).getSingleResult()).map(count -> count > 0);
    }

    /**
     * Inserts the mail's row unless it exists (needs a transaction): 1 when this caller may send, 0 when that mail of
     * the message went already (a concurrent insert waits for this transaction, as in {@code OrderMailRepository}).
     */
    Uni<Integer> claim(UUID messageId, TransferMailKind kind, UUID transferId, String recipient, Instant at) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                INSERT INTO transfer_mail (message_id, kind, transfer_id, recipient, sent_at) VALUES (?1, ?2, ?3, ?4, ?5)
                ON CONFLICT (message_id, kind) DO NOTHING""")
                .setParameter(1, messageId).setParameter(2, kind.name()).setParameter(3, transferId)
                .setParameter(4, recipient).setParameter(5, at).executeUpdate());
    }
}
