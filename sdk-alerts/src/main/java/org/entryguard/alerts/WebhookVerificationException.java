package org.entryguard.alerts;

import org.entryguard.core.EntryGuardException;

/** A webhook message failed verification; {@link #reason()} says which check, the message says what to fix. */
public class WebhookVerificationException extends EntryGuardException {
    private static final long serialVersionUID = 1L;

    /** Which check failed. */
    public enum Reason {
        /** A {@code webhook-*} header is absent or empty. */
        MISSING_HEADER,
        /** The timestamp is not an integer number of seconds. */
        BAD_TIMESTAMP,
        /** The timestamp is older or newer than the tolerance allows (a replay, or a badly set clock). */
        TIMESTAMP_OUT_OF_WINDOW,
        /** No {@code v1} signature matches any configured secret. */
        NO_MATCHING_SIGNATURE
    }

    private final Reason reason;

    /** With the failed check and a message naming the fix. */
    public WebhookVerificationException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** Which check failed. */
    public Reason reason() { return reason; }
}
