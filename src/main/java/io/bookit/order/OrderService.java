package io.bookit.order;

import io.bookit.auth.Caller;
import io.bookit.common.PageQuery;
import io.bookit.common.PageResult;
import io.bookit.common.ProblemException;
import io.bookit.event.EventRepository;
import io.bookit.event.EventStatus;
import io.bookit.outbox.Outbox;
import io.bookit.payment.Payments;
import io.bookit.seating.EventLayout;
import io.bookit.seating.LayoutCache;
import io.bookit.seating.SeatInventory;
import io.bookit.seating.SeatsUnavailableException;
import io.bookit.ticket.Ticket;
import io.bookit.ticket.TicketRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/** Orders in PostgreSQL: the committing transactions, reads with their access rules, refunds. */
@ApplicationScoped
public class OrderService {

    static final int REFUND_BATCH = 100;

    private final OrderRepository orders;
    private final TicketRepository tickets;
    private final EventRepository events;
    private final LayoutCache layouts;
    private final SeatInventory inventory;
    private final Payments payments;
    private final Outbox outbox;

    OrderService(OrderRepository orders, TicketRepository tickets, EventRepository events, LayoutCache layouts,
            SeatInventory inventory, Payments payments, Outbox outbox) {
        this.outbox = outbox;
        this.orders = orders;
        this.tickets = tickets;
        this.events = events;
        this.layouts = layouts;
        this.inventory = inventory;
        this.payments = payments;
    }

    /**
     * One transaction: the event is still on sale, the general-admission count fits the capacity, the order and
     * its tickets are inserted. The partial unique index on ticket seats and the area CHECK reject a second sale
     * whatever Redis believed.
     */
    @WithTransaction
    Uni<Order> commitPaid(Order order, List<Ticket> issued) {
        return requireOnSale(order.eventId)
                .chain(() -> order.generalAdmission() ? takeAreaPlaces(order) : Uni.createFrom().voidItem())
                .chain(() -> orders.persist(order))
                .chain(() -> tickets.persist(issued))
                .chain(() -> outbox.write(OrderEvent.CONFIRMED, OrderEvent.of(OrderEvent.CONFIRMED, order)))
                .chain(() -> orders.flush())
                .replaceWith(order);
    }

    /** A payment that settles later: the order is stored first, without tickets. */
    @WithTransaction
    Uni<Order> insertPending(Order order) {
        return requireOnSale(order.eventId).chain(() -> orders.persist(order)).call(() -> orders.flush());
    }

    @WithTransaction
    Uni<Order> attachPayment(UUID orderId, String reference, String clientSecret) {
        return orders.findById(orderId).invoke(order -> {
            order.paymentRef = reference;
            order.clientSecret = clientSecret;
            order.updatedAt = now();
        });
    }

    @WithTransaction
    Uni<Void> cancelPending(UUID orderId, String reason) {
        return orders.findById(orderId).invoke(order -> {
            if (order.status == OrderStatus.PENDING_PAYMENT) {
                order.status = OrderStatus.CANCELLED;
                order.statusReason = reason;
                order.updatedAt = now();
            }
        }).replaceWithVoid();
    }

    /**
     * The provider says a pending (or already expired) order is paid: issue its tickets in one transaction, under
     * the same constraints as an instant sale. Answers the order as it stands; throws when its places are gone.
     */
    @WithTransaction
    Uni<Order> confirmPending(UUID orderId, List<Ticket> issued) {
        return orders.findById(orderId, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE).chain(order -> {
            if (order == null || order.status == OrderStatus.CONFIRMED || order.status == OrderStatus.REFUNDED) {
                return Uni.createFrom().item(order);
            }
            return requireOnSale(order.eventId)
                    .chain(() -> order.generalAdmission() ? takeAreaPlaces(order) : Uni.createFrom().voidItem())
                    .chain(() -> tickets.persist(issued))
                    .invoke(() -> {
                        order.status = OrderStatus.CONFIRMED;
                        order.statusReason = null;
                        order.confirmedAt = now();
                        order.updatedAt = order.confirmedAt;
                    })
                    .chain(() -> outbox.write(OrderEvent.CONFIRMED, OrderEvent.of(OrderEvent.CONFIRMED, order)))
                    .chain(() -> orders.flush())
                    .replaceWith(order);
        });
    }

    /** A payment arrived for places that are gone: the money went back, the order ends REFUNDED with the reason. */
    @WithTransaction
    Uni<Order> markLateRefunded(UUID orderId, String reason) {
        return orders.findById(orderId).chain(order -> {
            if (order.status == OrderStatus.CONFIRMED || order.status == OrderStatus.REFUNDED) {
                return Uni.createFrom().item(order);
            }
            order.status = OrderStatus.REFUNDED;
            order.statusReason = reason;
            order.updatedAt = now();
            return outbox.write(OrderEvent.REFUNDED, OrderEvent.of(OrderEvent.REFUNDED, order, false)).replaceWith(order);
        });
    }

    @WithTransaction
    Uni<Void> noteFailedPayment(UUID orderId, String reason) {
        return orders.findById(orderId).invoke(order -> {
            if (order != null && order.status == OrderStatus.PENDING_PAYMENT) {
                order.statusReason = reason;
                order.updatedAt = now();
            }
        }).replaceWithVoid();
    }

    @WithSession
    Uni<Order> findByPaymentRef(String reference) {
        return orders.find("paymentRef", reference).firstResult();
    }

    @WithSession
    Uni<Order> find(UUID id) {
        return orders.findById(id);
    }

    /** Pending orders past their payment deadline become EXPIRED (their holds lapse in Redis on their own). */
    @WithTransaction
    Uni<List<Order>> expireOverdue(int limit) {
        return orders.find("status = ?1 and paymentDeadline < ?2", OrderStatus.PENDING_PAYMENT, Instant.now())
                .page(io.quarkus.panache.common.Page.ofSize(limit)).list()
                .call(overdue -> Multi.createFrom().iterable(overdue).onItem().transformToUniAndConcatenate(order -> {
                    order.status = OrderStatus.EXPIRED;
                    order.statusReason = "The payment did not arrive in time";
                    order.updatedAt = now();
                    return outbox.write(OrderEvent.EXPIRED, OrderEvent.of(OrderEvent.EXPIRED, order));
                }).collect().asList());
    }

    private Uni<Void> requireOnSale(UUID eventId) {
        return Panache.getSession().chain(session -> session
                .createSelectionQuery("select status from Event where id = ?1", EventStatus.class)
                .setParameter(1, eventId).getSingleResultOrNull())
                .invoke(status -> {
                    if (status != EventStatus.ON_SALE) {
                        throw new ProblemException(409, "event-not-on-sale", "Event not on sale",
                                "The event is no longer on sale");
                    }
                }).replaceWithVoid();
    }

    private Uni<Void> takeAreaPlaces(Order order) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "UPDATE event_area SET sold = sold + ?1 WHERE event_id = ?2 AND section = ?3 AND sold + ?1 <= capacity")
                .setParameter(1, order.quantity).setParameter(2, order.eventId).setParameter(3, order.section)
                .executeUpdate())
                .invoke(updated -> {
                    if (updated == 0) {
                        throw new SeatsUnavailableException(List.of(), "The " + order.section + " area is sold out");
                    }
                }).replaceWithVoid();
    }

    /** Seats of the list that PostgreSQL has sold: after a conflict, Redis learns the truth. */
    @WithSession
    Uni<List<String>> soldAmong(UUID eventId, List<String> seatIds) {
        return tickets.soldAmong(eventId, seatIds);
    }

    @WithSession
    Uni<Order> findByIdempotencyKey(UUID buyerId, String key) {
        return orders.findByIdempotencyKey(buyerId, key);
    }

    /** The order with its tickets, for its buyer or the event's owner. */
    @WithSession
    public Uni<OrderDtos.OrderView> get(Caller caller, UUID id) {
        return orders.findById(id).chain(order -> {
            if (order == null) {
                throw ProblemException.notFound("Order");
            }
            return readable(caller, order).chain(() -> tickets.listByOrder(id)).map(t -> OrderDtos.OrderView.of(order, t));
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
                                .map(t -> OrderDtos.OrderView.of(order, t)))
                        .collect().asList())
                .chain(views -> orders.countByBuyer(caller.id())
                        .map(total -> new PageResult<>(views, page.page, page.size, total)));
    }

    @WithSession
    public Uni<PageResult<OrderDtos.TicketView>> listMyTickets(Caller caller, PageQuery page) {
        return tickets.listByHolder(caller.id(), page.page, page.size)
                .chain(list -> tickets.countByHolder(caller.id()).map(total -> new PageResult<>(
                        list.stream().map(OrderDtos.TicketView::of).toList(), page.page, page.size, total)));
    }

    /** The buyer before the event starts, or the event's owner at any time: refund and free the places. */
    public Uni<OrderDtos.OrderView> cancel(Caller caller, UUID id) {
        return loadForCancel(caller, id)
                .chain(order -> refund(order, caller.owns(order.buyerId) ? "Cancelled by the buyer"
                        : "Cancelled by the organizer"))
                .chain(order -> get(caller, order.id));
    }

    @WithSession
    Uni<Order> loadForCancel(Caller caller, UUID id) {
        return orders.findById(id).chain(order -> {
            if (order == null) {
                throw ProblemException.notFound("Order");
            }
            return events.findById(order.eventId).map(event -> {
                boolean organizer = caller.owns(event.ownerId);
                if (!organizer && !caller.owns(order.buyerId)) {
                    throw ProblemException.notFound("Order");
                }
                if (!organizer && !Instant.now().isBefore(event.startsAt)) {
                    throw ProblemException.conflict("event-started", "Orders can be cancelled only before the event");
                }
                if (order.status != OrderStatus.CONFIRMED) {
                    throw ProblemException.conflict("order-not-cancellable", "The order is " + order.status);
                }
                return order;
            });
        });
    }

    /**
     * Money back through the order's provider (outside any transaction), then one transaction voids its tickets and
     * returns general-admission places, then Redis puts the places back on sale. Safe to repeat.
     */
    public Uni<Order> refund(Order order, String reason) {
        return payments.of(order.paymentProvider)
                .refund(order.id, order.paymentRef, order.total, order.currency, reason)
                .chain(() -> recordRefund(order, reason));
    }

    /** The money is back already: void the tickets, return the places (PostgreSQL, then Redis). */
    Uni<Order> recordRefund(Order order, String reason) {
        return markRefunded(order.id, reason)
                .call(refunded -> refunded == null ? Uni.createFrom().voidItem() : releasePlaces(refunded))
                .map(refunded -> refunded == null ? order : refunded);
    }

    @WithTransaction
    Uni<Order> markRefunded(UUID orderId, String reason) {
        // locked: of concurrent refunds (the cancel call and the refund job) the later ones find it REFUNDED
        return orders.findById(orderId, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE).chain(order -> {
            if (order.status != OrderStatus.CONFIRMED) {
                return Uni.createFrom().nullItem();
            }
            order.status = OrderStatus.REFUNDED;
            order.statusReason = reason;
            order.updatedAt = now();
            Uni<Integer> area = !order.generalAdmission() ? Uni.createFrom().item(0)
                    : Panache.getSession().chain(session -> session.createNativeQuery(
                            "UPDATE event_area SET sold = sold - ?1 WHERE event_id = ?2 AND section = ?3")
                            .setParameter(1, order.quantity).setParameter(2, order.eventId)
                            .setParameter(3, order.section).executeUpdate());
            return area.chain(() -> tickets.voidByOrder(orderId))
                    .chain(() -> outbox.write(OrderEvent.REFUNDED, OrderEvent.of(OrderEvent.REFUNDED, order)))
                    .replaceWith(order);
        });
    }

    private Uni<Void> releasePlaces(Order order) {
        return layouts.get(order.eventId).chain(layout -> inventory.markRefunded(order.eventId, order.id, order.buyerId,
                indices(layout, order.seats), order.section, order.generalAdmission() ? order.quantity : 0));
    }

    /** Refunds every paid order of a cancelled event, in batches. */
    public Uni<Integer> refundCancelledEvent(UUID eventId) {
        return confirmedOf(eventId).chain(batch -> batch.isEmpty() ? Uni.createFrom().item(0)
                : Multi.createFrom().iterable(batch)
                        .onItem().transformToUniAndConcatenate(order -> refund(order, OrderEvent.EVENT_CANCELLED_REASON))
                        .collect().asList()
                        .chain(done -> refundCancelledEvent(eventId).map(more -> done.size() + more)));
    }

    @WithSession
    Uni<List<Order>> confirmedOf(UUID eventId) {
        return orders.confirmedOfEvent(eventId, REFUND_BATCH);
    }

    /** Paid orders whose event was cancelled but that are not refunded yet (a crash, a race with the cancel). */
    @WithSession
    Uni<List<Order>> refundsOwed() {
        return orders.confirmedOfCancelledEvents(REFUND_BATCH);
    }

    /** One ticket per seat, or per general-admission place, at the layout's prices. */
    static List<Ticket> ticketsFor(Order order, EventLayout layout) {
        Instant now = now();
        List<Ticket> issued = new java.util.ArrayList<>(order.quantity);
        if (order.generalAdmission()) {
            for (int i = 0; i < order.quantity; i++) {
                issued.add(Ticket.issue(order.id, order.eventId, order.buyerId, order.section, null,
                        layout.price(order.section), now));
            }
        } else {
            for (String seatId : order.seats) {
                EventLayout.Seat seat = layout.seat(seatId);
                issued.add(Ticket.issue(order.id, order.eventId, order.buyerId, seat.section(), seat.id(),
                        layout.price(seat.section()), now));
            }
        }
        return issued;
    }

    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    static List<Integer> indices(EventLayout layout, List<String> seatIds) {
        return seatIds.stream().map(id -> layout.seat(id).index()).toList();
    }

    static void logRefundFailure(Order order, Throwable failure) {
        Log.warnf(failure, "Refund of order %s failed; the refund job retries", order.id);
    }
}
