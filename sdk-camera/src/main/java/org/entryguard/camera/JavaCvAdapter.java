package org.entryguard.camera;

import java.nio.Buffer;
import java.nio.ByteBuffer;
import org.bytedeco.javacv.Frame;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.entryguard.core.FrameConverter;
import org.entryguard.core.FrameConverter.Layout;
import org.entryguard.core.ImageFrame;

/**
 * Hands JavaCV {@link Frame}s and OpenCV {@link Mat}s from your own capture code to the SDK: 8-bit pictures of
 * 1 (grey), 3 (BGR, JavaCV's and OpenCV's order) or 4 (BGRA) channels, rows padded or not. Their pixels live in
 * native memory that the grabber or the caller reuses, so they are read once, straight into the packed pixels
 * the models read (no intermediate image), with {@link FrameConverter}.
 *
 * <p>One adapter per camera thread: it reuses one buffer, so a returned frame is valid until the next call on
 * the same adapter. Not thread-safe. ({@link FrameSource} and {@link CameraRunner} already do this for the
 * streams they open.)
 */
public final class JavaCvAdapter {
    private final FrameConverter converter = new FrameConverter();

    /** An adapter with an empty buffer; the first picture sizes it. */
    public JavaCvAdapter() {
    }

    /**
     * Reads a JavaCV video frame.
     *
     * @throws IllegalArgumentException if the frame has no 8-bit image or not 1, 3 or 4 channels
     */
    public ImageFrame toImageFrame(Frame frame, long timestampMillis, String sourceId) {
        Buffer[] planes = frame.image;
        if (planes == null || planes.length == 0 || !(planes[0] instanceof ByteBuffer)) {
            throw new IllegalArgumentException("The frame has no 8-bit image (audio or data frame?); pass video"
                    + " frames, e.g. from grabImage()");
        }
        if (frame.imageDepth != Frame.DEPTH_UBYTE) {
            throw new IllegalArgumentException("Frame depth " + frame.imageDepth + " is not 8-bit unsigned;"
                    + " set the grabber's pixel format to BGR24 (avutil.AV_PIX_FMT_BGR24)");
        }
        int w = frame.imageWidth;
        int channels = frame.imageChannels;
        // JavaCV's imageStride counts bytes for packed 8-bit frames, but pixels for some converters' output
        int stride = frame.imageStride < w * channels ? frame.imageStride * channels : frame.imageStride;
        ByteBuffer data = ((ByteBuffer) planes[0]).duplicate().position(0);
        return converter.convert(data, w, frame.imageHeight, stride, layout(channels), timestampMillis, sourceId);
    }

    /**
     * Reads an OpenCV matrix ({@code CV_8UC1}, {@code CV_8UC3} BGR or {@code CV_8UC4} BGRA).
     *
     * @throws IllegalArgumentException if the matrix is empty, not 8-bit unsigned or not 1, 3 or 4 channels
     */
    public ImageFrame toImageFrame(Mat mat, long timestampMillis, String sourceId) {
        if (mat.empty() || mat.dims() != 2) {
            throw new IllegalArgumentException("The Mat is empty or not 2-dimensional");
        }
        if (mat.depth() != opencv_core.CV_8U) {
            throw new IllegalArgumentException("Mat depth " + mat.depth() + " is not CV_8U; convert it first"
                    + " (mat.convertTo(dst, CV_8U))");
        }
        int rows = mat.rows();
        long step = mat.step();
        // up to the last pixel only: a region of interest's last row may end before a full step
        ByteBuffer data = mat.data().capacity(step * (rows - 1) + (long) mat.cols() * mat.channels()).asBuffer();
        return converter.convert(data, mat.cols(), rows, (int) step, layout(mat.channels()), timestampMillis, sourceId);
    }

    private static Layout layout(int channels) {
        return switch (channels) {
            case 1 -> Layout.GREY;
            case 3 -> Layout.BGR;
            case 4 -> Layout.BGRA;
            default -> throw new IllegalArgumentException("Pictures with " + channels
                    + " channels are not supported; pass 1 (grey), 3 (BGR) or 4 (BGRA)");
        };
    }
}
