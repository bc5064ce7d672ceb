package io.bookit.order;

import io.bookit.auth.Caller;
import io.bookit.common.PageQuery;
import io.bookit.common.PageResult;
import io.bookit.common.ProblemException;
import io.bookit.event.EventRepository;
import io.bookit.ticket.TicketRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** Reading orders, with who may read which: the buyer, or the event's owner. No transaction, no change. */
@ApplicationScoped
public class OrderQueries {

    private final OrderRepository orders;
    private final TicketRepository tickets;
    private final EventRepository events;

    OrderQueries(OrderRepository orders, TicketRepository tickets, EventRepository events) {
        this.orders = orders;
        this.tickets = tickets;
        this.events = events;
    }

    /** The order with its tickets, for its buyer or the event's owner. */
    @WithSession
    public Uni<OrderDtos.OrderView> get(Caller caller, UUID id) {
        return orders.findById(id).chain(order -> {
            if (order == null) {
                throw ProblemException.notFound("Order");
            }
            return readable(caller, order).chain(() -> tickets.listByOrder(id)).map(t -> OrderDtos.OrderView.of(order, t, caller.id()));
        });
    }

    private Uni<Void> readable(Caller caller, Order order) {
        if (caller.owns(order.buyerId)) {
            return Uni.createFrom().voidItem();
        }
        return events.findById(order.eventId).invoke(event -> {
            if (event == null || !caller.owns(event.ownerId)) {
                throw ProblemException.notFound("Order");
            }
        }).replaceWithVoid();
    }

    @WithSession
    public Uni<PageResult<OrderDtos.OrderView>> listMine(Caller caller, PageQuery page) {
        return orders.listByBuyer(caller.id(), page.page, page.size)
                .chain(list -> Multi.createFrom().iterable(list)
                        .onItem().transformToUniAndConcatenate(order -> tickets.listByOrder(order.id)
                                .map(t -> OrderDtos.OrderView.of(order, t, caller.id())))
                        .collect().asList())
                .chain(views -> orders.countByBuyer(caller.id())
                        .map(total -> new PageResult<>(views, page.page, page.size, total)));
    }
}
