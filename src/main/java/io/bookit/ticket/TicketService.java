package io.bookit.ticket;

import io.bookit.auth.Caller;
import io.bookit.common.PageQuery;
import io.bookit.common.PageResult;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** A holder's view of their tickets, of one ticket and its QR image. */
@ApplicationScoped
class TicketService {

    /** The PNG of a ticket's code with its validator. */
    record Qr(byte[] png, String etag) {
    }

    private final TicketRepository tickets;
    private final TicketCodeService codes;
    private final TicketFiles files;
    private final TicketPdfs pdfs;

    TicketService(TicketRepository tickets, TicketCodeService codes, TicketFiles files, TicketPdfs pdfs) {
        this.tickets = tickets;
        this.codes = codes;
        this.files = files;
        this.pdfs = pdfs;
    }

    Uni<TicketDtos.TicketView> get(Caller caller, UUID id) {
        return held(caller, id).chain(ticket -> codes.codeFor(ticket)
                .map(code -> TicketDtos.TicketView.of(ticket, code)));
    }

    /** The caller's tickets, newest first. */
    @WithSession
    Uni<PageResult<TicketDtos.TicketSummary>> listMine(Caller caller, PageQuery page) {
        return tickets.listByHolder(caller.id(), page.page, page.size)
                .chain(list -> tickets.countByHolder(caller.id()).map(total -> new PageResult<>(
                        list.stream().map(TicketDtos.TicketSummary::of).toList(), page.page, page.size, total)));
    }

    /** The QR of the ticket; a null item when {@code ifNoneMatch} already names the current image. */
    Uni<Qr> qr(Caller caller, UUID id, String ifNoneMatch) {
        return get(caller, id).chain(view -> {
            String etag = QrCodes.etag(view.code());
            if (ifNoneMatch != null && (ifNoneMatch.contains(etag) || ifNoneMatch.strip().equals("*"))) {
                return Uni.createFrom().item(new Qr(null, etag));
            }
            return files.png(view.eventId(), view.id(), view.code()).map(png -> new Qr(png, etag));
        });
    }

    /** The ticket as a one-page PDF, for its holder. */
    Uni<byte[]> pdf(Caller caller, UUID id) {
        return held(caller, id).chain(pdfs::of);
    }

    /** The ticket of its holder (or for an administrator); anybody else learns nothing: 404. */
    @WithSession
    Uni<Ticket> held(Caller caller, UUID id) {
        return tickets.findById(id).map(ticket -> {
            if (ticket == null || !caller.owns(ticket.holderId)) {
                throw TicketProblems.notFound();
            }
            return ticket;
        });
    }
}
