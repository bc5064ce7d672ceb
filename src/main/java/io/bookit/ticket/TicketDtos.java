package io.bookit.ticket;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

final class TicketDtos {

    private TicketDtos() {
    }

    record TicketView(UUID id, UUID eventId, String seat, String section, TicketStatus status, String code) {
        static TicketView of(Ticket ticket, String code) {
            return new TicketView(ticket.id, ticket.eventId, ticket.place(), ticket.section, ticket.status, code);
        }
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

    record CheckinBundle(UUID eventId, List<BundleKey> keys, List<UUID> voidTicketIds, Instant generatedAt) {
    }
}
