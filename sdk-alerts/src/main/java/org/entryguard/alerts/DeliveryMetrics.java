package org.entryguard.alerts;

/**
 * A snapshot of a sink's delivery counters.
 *
 * @param queued    alerts waiting for their next attempt (gauge)
 * @param inFlight  attempts under way (gauge)
 * @param delivered alerts acknowledged by the receiver since start
 * @param retried   failed attempts that were rescheduled since start
 * @param dead      alerts written to the dead-letter file since start
 */
public record DeliveryMetrics(long queued, long inFlight, long delivered, long retried, long dead) { }
