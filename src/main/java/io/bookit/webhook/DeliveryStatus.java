package io.bookit.webhook;

/** A delivery is retried while PENDING; SUCCEEDED once a receiver answered 2xx; FAILED when its retry window ended. */
enum DeliveryStatus {
    PENDING, SUCCEEDED, FAILED
}
