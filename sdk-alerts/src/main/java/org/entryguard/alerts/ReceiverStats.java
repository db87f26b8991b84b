package org.entryguard.alerts;

/**
 * A snapshot of a receiver's counters.
 *
 * @param accepted   first-seen alerts handed to the handler
 * @param duplicates verified deliveries of an id already accepted (answered 200, not handed on)
 * @param rejected   requests answered 4xx or 5xx
 */
public record ReceiverStats(long accepted, long duplicates, long rejected) { }
