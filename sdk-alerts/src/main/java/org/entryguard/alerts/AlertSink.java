package org.entryguard.alerts;

/**
 * Where alerts go. {@link #send} hands an alert over durably: when it returns, the alert is on disk and will be
 * delivered at least once, across crashes and receiver outages, or end in the dead-letter file.
 */
public interface AlertSink extends AutoCloseable {
    /**
     * Queues an alert durably and returns; delivery happens in the background.
     *
     * @throws OutboxFullException when the outbox's disk budget is used up (the alert was not queued)
     */
    void send(Alert alert);

    /** Live delivery counters. */
    DeliveryMetrics metrics();

    /** Stops delivering; what is queued stays on disk and is delivered after the next start. */
    @Override
    void close();
}
