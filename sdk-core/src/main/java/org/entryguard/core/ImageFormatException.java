package org.entryguard.core;

/** An image could not be decoded or is unsuitable; the message names the file and the fix. */
public class ImageFormatException extends EntryGuardException {
    private static final long serialVersionUID = 1L;

    /** With a message. */
    public ImageFormatException(String message) { super(message); }

    /** With a message and a cause. */
    public ImageFormatException(String message, Throwable cause) { super(message, cause); }
}
