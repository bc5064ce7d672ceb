package io.bookit.ticket;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

public final class TicketDtos {

    private TicketDtos() {
    }

    /** A ticket as its order and its holder's list show it: no code (the code is read one ticket at a time). */
    public record TicketSummary(UUID id, UUID eventId, UUID orderId, String seat, String section, String status) {
        public static TicketSummary of(Ticket ticket) {
            return new TicketSummary(ticket.id, ticket.eventId, ticket.orderId, ticket.place(), ticket.section,
                    ticket.status.name());
        }
    }

    /** One ticket for its holder, with its signed code ({@code GET /api/tickets/{id}}). */
    record TicketView(UUID id, UUID eventId, String seat, String section, TicketStatus status, String code) {
        static TicketView of(Ticket ticket, String code) {
            return new TicketView(ticket.id, ticket.eventId, ticket.place(), ticket.section, ticket.status, code);
        }
    }

    record OfferTransfer(@NotBlank @Email @Size(max = 320) String email) {
    }

    /** A transfer as its sender and its recipient see it; {@code acceptedAt} only once ACCEPTED. */
    record TransferView(UUID id, UUID ticketId, UUID eventId, String fromEmail, String toEmail, TransferStatus status,
            Instant createdAt, Instant expiresAt, Instant acceptedAt) {

        static TransferView of(TicketTransfer transfer, Instant now) {
            return new TransferView(transfer.id, transfer.ticketId, transfer.eventId, transfer.fromEmail,
                    transfer.toEmail, transfer.effectiveStatus(now), transfer.createdAt, transfer.expiresAt,
                    transfer.status == TransferStatus.ACCEPTED ? transfer.endedAt : null);
        }

        TransferView accepted(Instant at) {
            return new TransferView(id, ticketId, eventId, fromEmail, toEmail, TransferStatus.ACCEPTED, createdAt,
                    expiresAt, at);
        }
    }

    /** {@code GET /api/me/transfers}: offers to the caller's address and the caller's own, newest first. */
    record MyTransfers(List<TransferView> incoming, List<TransferView> outgoing) {
    }

    record CheckIn(@NotBlank @Size(max = 200) String code,
            @Pattern(regexp = "[\\x21-\\x7E]{1,128}", message = "1 to 128 visible ASCII characters") String nonce) {
    }

    record CheckinView(UUID ticketId, String seat, String holderName, Instant checkedInAt) {
    }

    record GrantStaff(@NotBlank @Email @Size(max = 320) String email) {
    }

    record StaffView(UUID eventId, UUID userId, String email, String displayName) {
    }

    record StaffList(List<StaffView> items) {
    }

    record BundleKey(int keyId, String algorithm, String publicKey) {
    }

    /** One signing key of an event: the newest one without {@code retiredAt} signs new codes. */
    record KeyView(int keyId, String algorithm, Instant createdAt, Instant retiredAt) {
    }

    record KeyList(List<KeyView> items) {
    }

    /** A ticket whose code was rotated, with its current generation: codes of lower generations are superseded. */
    record CodeGeneration(UUID ticketId, int generation) {
    }

    record CheckinBundle(UUID eventId, List<BundleKey> keys, List<UUID> voidTicketIds,
            List<CodeGeneration> codeGenerations, Instant generatedAt) {
    }
}
