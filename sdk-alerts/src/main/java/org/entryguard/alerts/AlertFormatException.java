package org.entryguard.alerts;

import org.entryguard.core.EntryGuardException;

/** An alert, or its JSON, is malformed; the message names the field and what to do. */
public class AlertFormatException extends EntryGuardException {
    private static final long serialVersionUID = 1L;

    /** With a message naming the problem and the fix. */
    public AlertFormatException(String message) { super(message); }

    /** With a message and the parser's cause. */
    public AlertFormatException(String message, Throwable cause) { super(message, cause); }
}
