package org.entryguard.camera.testing;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.entryguard.camera.FrameSource;
import org.entryguard.camera.SourceState;
import org.entryguard.camera.SourceStats;
import org.entryguard.core.ImageFrame;
import org.entryguard.core.PixelFormat;

/** A camera that always has a newer frame than the one just taken (faster than any analysis). No threads. */
public final class FakeSource implements FrameSource {
    private final String id;
    private final byte[] pixels = new byte[4 * 4 * 3];
    private final AtomicLong taken = new AtomicLong();
    private volatile Runnable ready = () -> { };
    private volatile boolean closed;

    /** A 4x4 fake camera. */
    public FakeSource(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public void start() {
        ready.run();
    }

    @Override
    public ImageFrame poll() {
        if (closed) {
            return null;
        }
        taken.incrementAndGet();
        ImageFrame f = ImageFrame.of(pixels, 4, 4, 12, PixelFormat.BGR, System.currentTimeMillis(), id);
        ready.run(); // the camera already has the next frame
        return f;
    }

    @Override
    public ImageFrame take(long timeout, TimeUnit unit) {
        return poll();
    }

    @Override
    public void onFrameReady(Runnable callback) {
        this.ready = callback;
    }

    @Override
    public SourceState state() {
        return closed ? SourceState.CLOSED : SourceState.STREAMING;
    }

    @Override
    public SourceStats stats() {
        long n = taken.get();
        return new SourceStats(id, state(), n, 0, n, n, 0, 1, 0, 0, 4, 4);
    }

    @Override
    public void close() {
        closed = true;
    }
}
