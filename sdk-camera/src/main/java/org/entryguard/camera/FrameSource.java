package org.entryguard.camera;

import java.util.concurrent.TimeUnit;
import org.entryguard.camera.internal.JavaCvFrameSource;
import org.entryguard.core.ImageFrame;

/**
 * A camera, stream or file that delivers BGR {@link ImageFrame}s, newest first.
 *
 * <p>A decode thread per source reads the stream as fast as it arrives and keeps only the newest frame;
 * {@link #poll()} and {@link #take(long, TimeUnit)} hand out that frame, and a frame that was replaced before
 * anyone took it is dropped and counted ({@link SourceStats#framesDropped()}). So when analysis is slower than
 * the camera, latency stays at one frame instead of growing. The source reconnects by itself
 * ({@link CameraConfig#reconnect()}) and reports every state change to its {@link SourceListener}.
 *
 * <p><b>Buffer ownership.</b> Frames come from a small pool (three buffers per source). A frame returned by
 * {@code poll}/{@code take} stays valid until the next {@code poll}/{@code take} on this source or
 * {@link #close()}: copy the pixels if you keep them longer. One consumer thread at a time.
 *
 * <pre>{@code
 * try (FrameSource cam = FrameSource.open(config, event -> log.info("{}", event))) {
 *     cam.start();
 *     while (running) {
 *         ImageFrame frame = cam.take(1, TimeUnit.SECONDS);
 *         if (frame != null) guard.process(frame);
 *     }
 * }
 * }</pre>
 */
public interface FrameSource extends AutoCloseable {

    /** Opens a source on JavaCV (FFmpeg for URLs and files, OpenCV for a device index); call {@link #start()}. */
    static FrameSource open(CameraConfig config, SourceListener listener) {
        return new JavaCvFrameSource(config, listener);
    }

    /** Same as {@link #open(CameraConfig, SourceListener)} without a listener (state changes are still logged). */
    static FrameSource open(CameraConfig config) {
        return open(config, SourceListener.NONE);
    }

    /** The camera id, also the {@code sourceId} of every frame. */
    String id();

    /** Starts the decode thread; returns at once (connection errors arrive as events). Idempotent. */
    void start();

    /** The newest frame not yet handed out, or {@code null} if none arrived since the last call. Never blocks. */
    ImageFrame poll();

    /**
     * Waits up to the timeout for a frame newer than the last one handed out.
     *
     * @return the newest frame, or {@code null} on timeout or once the source reached a terminal state
     */
    ImageFrame take(long timeout, TimeUnit unit) throws InterruptedException;

    /**
     * Sets the one callback run on the decode thread each time a new newest frame is ready (used by
     * {@link CameraRunner}; keep it short and non-blocking). Replaces any previous callback.
     */
    void onFrameReady(Runnable callback);

    /** The current state. */
    SourceState state();

    /** Counters since start; cheap, safe from any thread. */
    SourceStats stats();

    /**
     * Stops decoding and frees the native resources. Returns once the decode thread has exited, which takes
     * at most about the read timeout when the thread is inside a blocking FFmpeg call. Idempotent.
     */
    @Override
    void close();
}
