package org.entryguard.camera.internal;

import java.nio.Buffer;
import java.nio.ByteBuffer;
import org.bytedeco.javacv.Frame;

/**
 * Copies a JavaCV video frame (native memory the grabber reuses on the next grab) into a pooled, packed BGR
 * slot: exactly one copy, no allocation unless the frame size grows. 8-bit 3-channel frames (what the
 * grabbers are configured to produce) take one bulk copy, or one per row when rows are padded; 1- and
 * 4-channel frames are converted pixel by pixel.
 */
public final class FrameCopier {
    private FrameCopier() {
    }

    /**
     * Copies {@code frame} into {@code slot}.
     *
     * @throws IllegalStateException if the frame is not 8-bit 1/3/4-channel
     */
    public static void copy(Frame frame, FrameSlot slot) {
        Buffer[] planes = frame.image;
        if (planes == null || planes.length == 0 || !(planes[0] instanceof ByteBuffer)) {
            throw new IllegalStateException("Frame has no 8-bit image plane; the grabber must produce BGR24");
        }
        if (frame.imageDepth != Frame.DEPTH_UBYTE) {
            throw new IllegalStateException("Frame depth " + frame.imageDepth + " is not 8-bit unsigned");
        }
        int w = frame.imageWidth;
        int h = frame.imageHeight;
        int channels = frame.imageChannels;
        int srcStride = frame.imageStride * (frame.imageStride < w * channels ? channels : 1);
        ByteBuffer src = (ByteBuffer) planes[0];
        slot.ensure(w, h);
        byte[] dst = slot.data;
        int rowBytes = w * 3;
        if (channels == 3) {
            if (srcStride == rowBytes) {
                src.get(0, dst, 0, rowBytes * h);
            } else {
                for (int y = 0; y < h; y++) {
                    src.get(y * srcStride, dst, y * rowBytes, rowBytes);
                }
            }
        } else if (channels == 1 || channels == 4) {
            for (int y = 0; y < h; y++) {
                int s = y * srcStride;
                int d = y * rowBytes;
                for (int x = 0; x < w; x++, d += 3, s += channels) {
                    if (channels == 1) {
                        byte v = src.get(s);
                        dst[d] = v;
                        dst[d + 1] = v;
                        dst[d + 2] = v;
                    } else {
                        dst[d] = src.get(s);
                        dst[d + 1] = src.get(s + 1);
                        dst[d + 2] = src.get(s + 2);
                    }
                }
            }
        } else {
            throw new IllegalStateException("Frame has " + channels + " channels; expected 3 (BGR)");
        }
    }
}
