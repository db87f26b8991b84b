package org.entryguard.core;

/** Base of every exception the SDK throws on purpose; the message names the problem and the fix. */
public class EntryGuardException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** With a message. */
    public EntryGuardException(String message) { super(message); }

    /** With a message and a cause. */
    public EntryGuardException(String message, Throwable cause) { super(message, cause); }
}
