package org.entryguard.alerts;

import org.entryguard.core.EntryGuardException;

/**
 * The outbox refused an alert because its disk budget, or the disk itself, is full. Nothing already queued
 * was dropped; the refused alert was not queued, so the caller still holds the only copy.
 */
public class OutboxFullException extends EntryGuardException {
    private static final long serialVersionUID = 1L;

    /** With a message naming the budget and the fix. */
    public OutboxFullException(String message) { super(message); }

    /** With a message and the I/O cause. */
    public OutboxFullException(String message, Throwable cause) { super(message, cause); }
}
