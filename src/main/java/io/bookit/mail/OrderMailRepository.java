package io.bookit.mail;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;

@ApplicationScoped
@WithSession
class OrderMailRepository implements PanacheRepositoryBase<OrderMail, UUID> {

    Uni<Boolean> sent(UUID messageId) {
        return count("messageId", messageId).map(count -> count > 0);
    }

    /**
     * Inserts the mail's row unless the message has one (needs a transaction): 1 when this caller may send, 0 when
     * the message was mailed already. A concurrent insert of the same id waits for this transaction and then gets 0
     * if it commits, or inserts itself if it rolls back.
     */
    Uni<Integer> claim(UUID messageId, UUID orderId, MailKind kind, String recipient, Instant at) {
        return getSession().chain(session -> session.createNativeQuery("""
                INSERT INTO order_mail (message_id, order_id, kind, recipient, sent_at) VALUES (?1, ?2, ?3, ?4, ?5)
                ON CONFLICT (message_id) DO NOTHING""")
                .setParameter(1, messageId).setParameter(2, orderId).setParameter(3, kind.name())
                .setParameter(4, recipient).setParameter(5, at).executeUpdate());
    }
}
