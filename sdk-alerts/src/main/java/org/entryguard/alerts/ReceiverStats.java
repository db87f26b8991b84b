package org.entryguard.alerts;

/**
 * A snapshot of a receiver's counters.
 *
 * @param accepted           first-seen alerts handed to the handler
 * @param duplicates         verified deliveries of an id already accepted (answered 200, not handed on)
 * @param rejected           requests answered 4xx or 5xx by the verifying handler
 * @param refusedConnections connections answered 503 because the receiver was at its connection limit
 * @param timedOut           requests answered 408 because they were not complete within the request deadline
 */
public record ReceiverStats(long accepted, long duplicates, long rejected, long refusedConnections, long timedOut) {

    /** Counters with no refused connections and no timeouts. */
    public ReceiverStats(long accepted, long duplicates, long rejected) { this(accepted, duplicates, rejected, 0, 0); }
}
