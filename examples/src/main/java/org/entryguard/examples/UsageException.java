package org.entryguard.examples;

/** A command line that cannot be understood; the message says which option and what is expected. */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
