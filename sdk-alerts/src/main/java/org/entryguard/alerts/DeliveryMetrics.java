package org.entryguard.alerts;

/**
 * A snapshot of a sink's delivery counters.
 *
 * @param queued    alerts waiting for their next attempt (gauge)
 * @param inFlight  attempts under way (gauge)
 * @param delivered alerts acknowledged by the receiver since start
 * @param retried   failed attempts that were rescheduled since start
 * @param dead      alerts written to the dead-letter file since start
 * @param emergency alerts held in memory because the outbox could not write them (gauge; &gt; 0 is unhealthy)
 * @param lost      alerts dropped since start because the outbox could not write and the emergency queue was
 *                  full (never a MINOR_ENTRY); anything but 0 is an incident
 * @param endpointsDisabled endpoints that answered 410 Gone and get nothing until resumed (gauge)
 */
public record DeliveryMetrics(long queued, long inFlight, long delivered, long retried, long dead,
                              long emergency, long lost, long endpointsDisabled) {
    /** Counters without the failure gauges (all 0). */
    public DeliveryMetrics(long queued, long inFlight, long delivered, long retried, long dead) {
        this(queued, inFlight, delivered, retried, dead, 0, 0, 0);
    }

    /** Whether nothing is held in memory, nothing was lost and no endpoint is disabled. */
    public boolean healthy() {
        return emergency == 0 && lost == 0 && endpointsDisabled == 0;
    }

    /** The sum of two snapshots (several sinks). */
    public DeliveryMetrics plus(DeliveryMetrics o) {
        return new DeliveryMetrics(queued + o.queued, inFlight + o.inFlight, delivered + o.delivered, retried + o.retried,
                dead + o.dead, emergency + o.emergency, lost + o.lost, endpointsDisabled + o.endpointsDisabled);
    }
}
