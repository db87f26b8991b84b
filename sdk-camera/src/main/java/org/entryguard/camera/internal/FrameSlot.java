package org.entryguard.camera.internal;

/** One pooled, tightly packed BGR buffer plus the metadata of the frame it currently holds. */
public final class FrameSlot {
    byte[] data = new byte[0];
    int width;
    int height;
    long timestampMillis;
    long sequence;

    /** Makes room for a {@code width x height} BGR frame; allocates only when the size grows. */
    void ensure(int width, int height) {
        int needed = Math.multiplyExact(Math.multiplyExact(width, height), 3);
        if (data.length < needed) {
            data = new byte[needed];
        }
        this.width = width;
        this.height = height;
    }

    /** Pixel array (packed: stride = width * 3). */
    public byte[] data() { return data; }

    /** Width in pixels. */
    public int width() { return width; }

    /** Height in pixels. */
    public int height() { return height; }

    /** Capture time, epoch milliseconds. */
    public long timestampMillis() { return timestampMillis; }

    /** Publication order, from 1. */
    public long sequence() { return sequence; }
}
