package org.entryguard.core;

/**
 * A model file could not be used: missing, truncated, not ONNX, or with a different input/output contract
 * than the SDK expects. The message names the file, the expected contract and what was found.
 */
public class ModelException extends EntryGuardException {
    private static final long serialVersionUID = 1L;

    /** With a message. */
    public ModelException(String message) { super(message); }

    /** With a message and a cause. */
    public ModelException(String message, Throwable cause) { super(message, cause); }
}
