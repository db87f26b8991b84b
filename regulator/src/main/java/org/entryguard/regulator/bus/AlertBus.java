package org.entryguard.regulator.bus;

import java.util.concurrent.CompletableFuture;

/**
 * Carries verified alerts from the intake to storage and the feed: {@link InProcessBus} on one node,
 * {@link KafkaBus} between the nodes of a city. The intake answers a sender only when the returned future
 * completes, so an acknowledged alert is durable (in the database, or in Kafka with acks=all).
 */
public interface AlertBus extends AutoCloseable {

    /** What became of a published alert, as far as this node knows when it answers the sender. */
    enum Outcome {
        /** Written to the database now. */
        STORED,
        /** Its id was already stored; nothing written. */
        DUPLICATE,
        /** Durably queued (Kafka acknowledged it); a consumer stores it, or drops it as a duplicate. */
        QUEUED
    }

    /**
     * Hands one alert on. The future fails when it could not be made durable (database or broker down, queue full):
     * the intake then answers 503 and the sender retries.
     */
    CompletableFuture<Outcome> publish(VerifiedAlert alert);

    @Override
    void close();
}
