package org.entryguard.core;

import java.util.Objects;

/**
 * One picture from a camera or a file: packed 8-bit, 3-channel pixels plus where and when it was taken.
 *
 * <p>The frame wraps the caller's array without copying it, so a camera loop can reuse one buffer per
 * camera; the caller must not change the array while the frame is being processed. Rows may be padded:
 * {@code stride} is the number of bytes from the start of one row to the start of the next.
 */
public final class ImageFrame {
    private final byte[] data;
    private final int width;
    private final int height;
    private final int stride;
    private final PixelFormat format;
    private final long timestampMillis;
    private final String sourceId;

    private ImageFrame(byte[] data, int width, int height, int stride, PixelFormat format,
                       long timestampMillis, String sourceId) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(format, "format");
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("Frame size must be positive, got " + width + "x" + height);
        }
        if (stride < width * 3) {
            throw new IllegalArgumentException("Stride " + stride + " is smaller than width*3 = " + (width * 3)
                    + "; pass the number of bytes per row of a packed 3-channel image");
        }
        long needed = (long) stride * (height - 1) + (long) width * 3;
        if (data.length < needed) {
            throw new IllegalArgumentException("Frame buffer holds " + data.length + " bytes but a " + width + "x"
                    + height + " frame with stride " + stride + " needs " + needed
                    + "; check width, height, stride and that the pixels are 3-channel");
        }
        this.data = data;
        this.width = width;
        this.height = height;
        this.stride = stride;
        this.format = format;
        this.timestampMillis = timestampMillis;
        this.sourceId = sourceId == null ? "" : sourceId;
    }

    /**
     * Wraps packed pixels.
     *
     * @param data pixels, row-major, 3 bytes per pixel in {@code format} order
     * @param width width in pixels
     * @param height height in pixels
     * @param stride bytes per row (at least {@code width * 3})
     * @param format channel order
     * @param timestampMillis capture time, epoch milliseconds
     * @param sourceId camera or file identifier, may be empty
     */
    public static ImageFrame of(byte[] data, int width, int height, int stride, PixelFormat format,
                                long timestampMillis, String sourceId) {
        return new ImageFrame(data, width, height, stride, format, timestampMillis, sourceId);
    }

    /** Wraps tightly packed pixels (stride = width * 3), timestamp now, no source id. */
    public static ImageFrame of(byte[] data, int width, int height, PixelFormat format) {
        return new ImageFrame(data, width, height, width * 3, format, System.currentTimeMillis(), "");
    }

    /** The pixel array (not a copy). */
    public byte[] data() { return data; }

    /** Width in pixels. */
    public int width() { return width; }

    /** Height in pixels. */
    public int height() { return height; }

    /** Bytes from one row to the next. */
    public int stride() { return stride; }

    /** Channel order. */
    public PixelFormat format() { return format; }

    /** Capture time in epoch milliseconds. */
    public long timestampMillis() { return timestampMillis; }

    /** The camera or file this frame came from; empty if unknown. */
    public String sourceId() { return sourceId; }

    /** Same pixels, different time and source: lets a camera loop keep one buffer. */
    public ImageFrame withTimestamp(long timestampMillis, String sourceId) {
        return new ImageFrame(data, width, height, stride, format, timestampMillis, sourceId);
    }

    @Override
    public String toString() {
        return "ImageFrame[" + width + "x" + height + " " + format + ", source=" + sourceId + ", t=" + timestampMillis + "]";
    }
}
