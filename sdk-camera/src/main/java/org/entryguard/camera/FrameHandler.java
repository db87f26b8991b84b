package org.entryguard.camera;

import org.entryguard.core.ImageFrame;

/**
 * The integrator's per-frame work in a {@link CameraRunner} (typically: hand the frame to EntranceGuard).
 *
 * <p>Called on an analysis-pool thread, never concurrently for the same camera. The frame's pixel array
 * is a pooled buffer that is reused once this method returns: copy what you keep. Exceptions are counted
 * in {@link CameraStats#handlerErrors()} and logged (rate-limited), and the camera keeps running.
 */
@FunctionalInterface
public interface FrameHandler {
    /** Analyses one frame. */
    void onFrame(ImageFrame frame) throws Exception;
}
