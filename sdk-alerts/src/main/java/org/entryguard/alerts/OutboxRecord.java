package org.entryguard.alerts;

/**
 * One record read back from the outbox.
 *
 * @param sequence         its position in the journal; pass it to {@link Outbox#acknowledge(long)}
 * @param enqueuedAtMillis when it was appended (Unix millis); retry horizons count from here, across restarts
 * @param payload          the bytes appended (the caller's copy)
 */
public record OutboxRecord(long sequence, long enqueuedAtMillis, byte[] payload) { }
