package io.bookit.payment;

import io.quarkus.arc.All;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Picks the configured provider for new orders, and the provider an existing order was paid with. */
@ApplicationScoped
public class PaymentService {

    private final Map<String, PaymentGateway> gateways;
    private final PaymentGateway current;
    private final PaymentsConfig config;

    PaymentService(@All List<PaymentGateway> gateways, PaymentsConfig config) {
        this.config = config;
        this.gateways = gateways.stream().collect(Collectors.toMap(PaymentGateway::provider, Function.identity()));
        this.current = this.gateways.get(config.provider());
        if (current == null) {
            throw new IllegalStateException("bookit.payments.provider=" + config.provider()
                    + " is not one of " + this.gateways.keySet());
        }
    }

    /** The provider new orders are paid with. */
    public PaymentGateway current() {
        return current;
    }

    /** How long a payment that settles later is awaited. */
    public java.time.Duration pendingWindow() {
        return config.pendingWindow();
    }

    /** The provider of an existing order (orders keep the provider they were started with). */
    public PaymentGateway of(String provider) {
        PaymentGateway gateway = gateways.get(provider);
        if (gateway == null) {
            throw new IllegalStateException("No payment provider " + provider);
        }
        return gateway;
    }
}
