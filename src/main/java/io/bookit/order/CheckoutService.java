package io.bookit.order;

import io.bookit.auth.Caller;
import io.bookit.common.DbTime;
import io.bookit.common.PgErrors;
import io.bookit.common.ProblemException;
import io.bookit.payment.PaymentGateway;
import io.bookit.payment.PaymentService;
import io.bookit.seating.EventLayout;
import io.bookit.seating.HoldId;
import io.bookit.seating.HoldProblems;
import io.bookit.seating.HoldsConfig;
import io.bookit.seating.LayoutCache;
import io.bookit.seating.Places;
import io.bookit.seating.SeatInventory;
import io.bookit.seating.SeatsUnavailableException;
import io.bookit.ticket.Ticket;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Turns a hold into an order: claim the hold in Redis, commit in PostgreSQL (the source of truth), then show the
 * places SOLD in Redis. No database transaction is ever open while a payment provider is called.
 */
@ApplicationScoped
public class CheckoutService {

    /** An order answer and whether it was placed by this call (201) or replayed for an idempotent retry. */
    record Placed(OrderDtos.OrderView order, boolean replayed) {
    }

    private final OrderService orders;
    private final OrderQueries queries;
    private final SeatInventory inventory;
    private final LayoutCache layouts;
    private final PaymentService payments;
    private final HoldsConfig holds;
    private final MeterRegistry metrics;
    private final SeatedOrderCommit seatedCommit;

    CheckoutService(OrderService orders, OrderQueries queries, SeatInventory inventory, LayoutCache layouts,
            PaymentService payments, HoldsConfig holds, MeterRegistry metrics, SeatedOrderCommit seatedCommit) {
        this.seatedCommit = seatedCommit;
        this.orders = orders;
        this.queries = queries;
        this.inventory = inventory;
        this.layouts = layouts;
        this.payments = payments;
        this.holds = holds;
        this.metrics = metrics;
    }

    Uni<Placed> place(Caller caller, String holdIdText, String idempotencyKey) {
        Timer.Sample timer = Timer.start(metrics);
        HoldId holdId = HoldId.parse(holdIdText);
        if (holdId == null) {
            return Uni.createFrom().failure(HoldProblems.notFound());
        }
        Uni<Placed> placed = idempotencyKey == null ? placeNew(caller, holdId, null)
                : replay(caller, holdId, idempotencyKey).chain(previous -> previous != null
                        ? Uni.createFrom().item(previous)
                        : placeNew(caller, holdId, idempotencyKey));
        return placed.onItemOrFailure().invoke((result, failure) -> timer.stop(metrics.timer("bookit.orders",
                "outcome", failure != null ? "rejected" : result.replayed() ? "replayed" : result.order().status().name())));
    }

    /** The earlier answer for the same key and body; the same key with another hold is a client error. */
    private Uni<Placed> replay(Caller caller, HoldId holdId, String key) {
        return orders.findByIdempotencyKey(caller.id(), key).chain(order -> {
            if (order == null) {
                return Uni.createFrom().nullItem();
            }
            if (!order.holdId.equals(holdId.value())) {
                throw new ProblemException(422, "idempotency-key-reused", "Idempotency key reused",
                        "This Idempotency-Key was used for another request");
            }
            return queries.get(caller, order.id).map(view -> new Placed(view, true));
        });
    }

    /**
     * Claims the hold and commits. With an idempotency key, losing a race against an identical request (the hold
     * is in checkout or ordered already) answers what the winner placed.
     */
    private Uni<Placed> placeNew(Caller caller, HoldId holdId, String key) {
        long grace = payments.current().settlesAtOnce() ? holds.commitGrace().toMillis()
                : payments.pendingWindow().toMillis();
        return inventory.claim(holdId, caller.id(), grace)
                .chain(claim -> commit(caller, key, claim))
                .onFailure(e -> key != null && isDuplicate(e))
                .recoverWithUni(e -> replay(caller, holdId, key).onItem().ifNull().failWith(e));
    }

    private Uni<Placed> commit(Caller caller, String key, SeatInventory.Claim claim) {
        return layouts.get(claim.holdId().eventId()).chain(layout -> {
            Order order = newOrder(caller, key, claim, layout);
            PaymentGateway gateway = payments.current();
            if (order.total.signum() == 0) {
                return commitPaid(order, claim, layout, "free", null);
            }
            PaymentGateway.Charge charge = new PaymentGateway.Charge(order.id, order.eventId, order.buyerId,
                    order.total, order.currency);
            if (gateway.settlesAtOnce()) {
                return gateway.start(charge)
                        .chain(started -> commitPaid(order, claim, layout, gateway.provider(), started.reference()));
            }
            return startPending(order, claim, gateway, charge);
        })
                .onFailure(CheckoutService::endsTheHold).call(() -> inventory.releaseClaimed(claim.holdId()))
                .onFailure(e -> !endsTheHold(e) && !isDuplicate(e))
                .call(() -> inventory.unclaim(claim.holdId()));
    }

    /** The hold can never become an order: its places are sold, or the event does not sell any more (sales ended). */
    private static boolean endsTheHold(Throwable e) {
        return e instanceof SeatsUnavailableException
                || ProblemException.is(e, HoldProblems.EVENT_NOT_ON_SALE);
    }

    /**
     * A payment that settles later (Stripe): the order is stored PENDING_PAYMENT first, then the provider is asked
     * for a payment (outside any transaction; its idempotency key is the order id), and the answer carries the
     * client secret. The provider's webhook confirms the order (payment/StripeWebhooks, then OrderPayments). If the
     * provider fails, the order is cancelled and the hold handed back.
     */
    private Uni<Placed> startPending(Order order, SeatInventory.Claim claim, PaymentGateway gateway,
            PaymentGateway.Charge charge) {
        order.paymentProvider = gateway.provider();
        order.paymentDeadline = Instant.ofEpochMilli(claim.expiresAt());
        return orders.insertPending(order)
                .chain(() -> gateway.start(charge)
                        .onFailure().call(() -> orders.cancelPending(order.id, "The payment provider failed")))
                .chain(started -> orders.attachPayment(order.id, started.reference(), started.clientSecret()))
                .map(pending -> new Placed(OrderDtos.OrderView.of(pending, List.of(), pending.buyerId), false));
    }

    private Uni<Placed> commitPaid(Order order, SeatInventory.Claim claim, EventLayout layout, String provider,
            String reference) {
        Instant now = DbTime.now();
        order.status = OrderStatus.CONFIRMED;
        order.paymentProvider = provider;
        order.paymentRef = reference;
        order.confirmedAt = now;
        List<Ticket> issued = Ticket.issue(order.id, order.eventId, order.buyerId, claim.places(), layout);
        // numbered seats (the bulk of a sale): one statement; general admission: the transaction with the area lock
        return (order.generalAdmission() ? orders.commitPaid(order, issued) : seatedCommit.commit(order, issued))
                .onFailure(e -> PgErrors.violates(e, "ticket_seat_sold_once"))
                .recoverWithUni(e -> repairSoldSeats(order, claim))
                .onFailure(e -> PgErrors.violates(e, "orders_idempotency_key") || PgErrors.violates(e, "orders_one_per_hold"))
                .transform(e -> new DuplicateOrder())
                .call(() -> inventory.markSold(order.eventId, claim.holdId(), claim.places()))
                .map(committed -> new Placed(OrderDtos.OrderView.of(committed, issued, committed.buyerId), false));
    }

    /**
     * PostgreSQL refused a seat that Redis let us hold: Redis was wrong (lost state, a late expiry). Mark what is
     * really sold and tell the buyer which seats are gone; the hold is then released.
     */
    private Uni<Order> repairSoldSeats(Order order, SeatInventory.Claim claim) {
        return orders.soldAmong(order.eventId, order.seats).chain(sold -> layouts.get(order.eventId)
                .chain(layout -> inventory.markSold(order.eventId, null, Places.seats(layout.indices(sold))))
                .chain(() -> Uni.createFrom().failure(new SeatsUnavailableException(sold,
                        "Already sold: " + String.join(", ", sold)))));
    }

    private static Order newOrder(Caller caller, String key, SeatInventory.Claim claim, EventLayout layout) {
        Instant now = DbTime.now();
        Order order = new Order();
        order.id = UUID.randomUUID();
        order.eventId = claim.holdId().eventId();
        order.buyerId = caller.id();
        order.holdId = claim.holdId().value();
        order.status = OrderStatus.PENDING_PAYMENT;
        Places places = claim.places();
        order.seats = places.seats().stream().map(i -> layout.seat(i).id()).toList();
        order.section = places.section();
        order.quantity = places.generalAdmission() ? places.count() : places.seats().size();
        order.total = layout.total(places);
        order.currency = layout.currency();
        order.idempotencyKey = key;
        order.createdAt = now;
        order.updatedAt = now;
        return order;
    }

    /** The hold is being (or was) turned into an order by another request. */
    private static boolean isDuplicate(Throwable e) {
        return ProblemException.is(e, HoldProblems.HOLD_IN_CHECKOUT)
                || ProblemException.is(e, HoldProblems.HOLD_ALREADY_ORDERED);
    }

    /** Another order already holds this hold or idempotency key: the caller's retry answers that one. */
    static final class DuplicateOrder extends ProblemException {
        DuplicateOrder() {
            super(409, "hold-already-ordered", "Hold already ordered", "An order has already been placed for this hold");
        }
    }

}
