package io.bookit.payment;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.util.UUID;

/** Pays every charge at once and refunds without question: for local runs, demos and load tests. */
@ApplicationScoped
public class SimulatedPaymentGateway implements PaymentGateway {

    public static final String NAME = "simulated";

    private final java.time.Duration delay;

    SimulatedPaymentGateway(PaymentsConfig config) {
        this.delay = config.simulatedDelay();
    }

    @Override
    public String provider() {
        return NAME;
    }

    @Override
    public boolean settlesAtOnce() {
        return true;
    }

    @Override
    public Uni<Started> start(Charge charge) {
        Uni<Started> started = Uni.createFrom().item(new Started("sim_" + charge.orderId(), null, true));
        return delay.isZero() ? started : started.onItem().delayIt().by(delay);
    }

    @Override
    public Uni<Void> refund(UUID orderId, String reference, BigDecimal amount, String currency, String reason) {
        return Uni.createFrom().voidItem();
    }

    @Override
    public Uni<Void> cancel(String reference) {
        return Uni.createFrom().voidItem();
    }
}
