package org.entryguard.camera;

/**
 * Receives the state changes of a {@link FrameSource}. Called on the source's decode thread: return
 * quickly and do not block (hand work to another thread if needed). Exceptions thrown here are logged
 * and ignored.
 */
@FunctionalInterface
public interface SourceListener {
    /** A listener that ignores every event. */
    SourceListener NONE = event -> { };

    /** Called once per state change. */
    void onEvent(SourceEvent event);
}
