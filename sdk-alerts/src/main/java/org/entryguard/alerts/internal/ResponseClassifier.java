package org.entryguard.alerts.internal;

import org.entryguard.alerts.DeliveryResponse;

/**
 * Decides what an answer means for the alert: delivered, retry later, endpoint gone, or refused for good. The
 * webhook sink uses {@link #WEBHOOK}; the GA/T 1400 sink reads the {@code ResponseStatus} body instead.
 */
@FunctionalInterface
public interface ResponseClassifier {
    /** What to do with the alert. */
    enum Kind {
        /** Acknowledge: the receiver has it. */
        DELIVERED,
        /** Try again after a backoff. */
        RETRY,
        /** Stop delivering to this endpoint (HTTP 410); alerts stay queued. */
        DISABLE,
        /** The receiver refused this content: sending the same bytes again cannot succeed; dead-letter it now. */
        REJECT,
        /**
         * The receiver says it refused this content, but such answers are also seen transiently (a view library
         * restarting, a proxy mangling a body): retry with backoff, and dead-letter after {@link #REFUSED_ATTEMPTS}.
         */
        REFUSED
    }

    /** Attempts an alert gets while every answer is {@link Kind#REFUSED}. */
    int REFUSED_ATTEMPTS = 5;

    /** A kind and a human-readable reason. */
    record Verdict(Kind kind, String detail) { }

    /** Classifies one response. */
    Verdict classify(DeliveryResponse response);

    /** Standard Webhooks: 2xx delivered, 410 disables, anything else retries. */
    ResponseClassifier WEBHOOK = res -> {
        if (res.successful()) return new Verdict(Kind.DELIVERED, "HTTP " + res.status());
        if (res.status() == 410) return new Verdict(Kind.DISABLE, "HTTP 410 Gone: endpoint disabled");
        return new Verdict(Kind.RETRY, "HTTP " + res.status());
    };
}
