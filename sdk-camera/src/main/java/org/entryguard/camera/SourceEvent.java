package org.entryguard.camera;

import java.util.Objects;

/**
 * One state change of a {@link FrameSource}.
 *
 * @param sourceId the camera id
 * @param state the new state
 * @param previous the state before, or {@code null} for a source's first event
 * @param problem what went wrong, or {@code null} for good news (STREAMING, CLOSED...)
 * @param reason a sentence naming the problem and the fix, safe to log (passwords removed)
 * @param attempt the open attempt this event belongs to, counted from 1 since the last frame
 * @param retryInMillis for RECONNECTING: how long until the next attempt; otherwise 0
 * @param timestampMillis when it happened, epoch milliseconds
 * @param cause the underlying exception, or {@code null}
 */
public record SourceEvent(String sourceId, SourceState state, SourceState previous, SourceProblem problem,
                          String reason, int attempt, long retryInMillis, long timestampMillis, Throwable cause) {
    /** Checks the required fields. */
    public SourceEvent {
        Objects.requireNonNull(sourceId, "sourceId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
        return "[" + sourceId + "] " + previous + " -> " + state
                + (problem == null ? "" : " (" + problem + ")") + ": " + reason
                + (retryInMillis > 0 ? " — next attempt in " + retryInMillis + " ms" : "");
    }
}
