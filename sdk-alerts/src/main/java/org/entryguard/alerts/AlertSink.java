package org.entryguard.alerts;

/**
 * Where alerts go. {@link #send} hands an alert over durably: when it returns, the alert is on disk and will be
 * delivered at least once, across crashes and receiver outages, or end in the dead-letter file.
 */
public interface AlertSink extends AutoCloseable {
    /**
     * Queues an alert durably and returns; delivery happens in the background. When the outbox cannot write (disk
     * or budget full, I/O error) the built-in sinks hold the alert in a bounded in-memory emergency queue, retried
     * into the outbox every second ({@link DeliveryMetrics#emergency()}); when that is full, an older alert that is
     * not a MINOR_ENTRY is dropped ({@link DeliveryMetrics#lost()}).
     *
     * @throws OutboxFullException when not even the emergency queue can take it (only when it is full of
     *         MINOR_ENTRY alerts); this alert was not queued
     */
    void send(Alert alert);

    /** Live delivery counters. */
    DeliveryMetrics metrics();

    /** Stops delivering; what is queued stays on disk and is delivered after the next start. */
    @Override
    void close();
}
