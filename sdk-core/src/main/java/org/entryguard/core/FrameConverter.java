package org.entryguard.core;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Turns the pixel layouts decoders, capture cards and phone cameras hand out into an {@link ImageFrame} the
 * detector and age model read: packed BGR/RGB is wrapped without a copy; NV12, NV21, I420, grey and BGRA/RGBA,
 * and pixels in native (direct) memory, are converted in one pass straight into the packed RGB (or BGR) the
 * models consume, with no intermediate image.
 *
 * <p>One converter per camera thread: it owns one output buffer, reused for every frame of the same size (it
 * grows only when a larger frame comes), so the steady state allocates nothing but the small {@code ImageFrame}
 * object. A frame returned by {@code convert} is therefore valid until the next {@code convert} call on the same
 * converter; analyse it (or copy it) before converting the next one. Not thread-safe.
 *
 * <p>YUV is read as BT.601 limited range (Y 16–235, what FFmpeg's default conversion and most SD/HD decoders
 * assume); grey is full range. 4:2:0 chroma is sampled at the nearest chroma position (no interpolation).
 */
public final class FrameConverter {
    /** A pixel layout {@link FrameConverter} reads. Sizes are for {@code width}×{@code height} with row stride {@code s}. */
    public enum Layout {
        /** Packed blue, green, red; {@code s ≥ 3·width}. Wrapped without a copy from heap memory. */
        BGR(3),
        /** Packed red, green, blue; {@code s ≥ 3·width}. Wrapped without a copy from heap memory. */
        RGB(3),
        /** Packed blue, green, red, alpha (alpha ignored); {@code s ≥ 4·width}. */
        BGRA(4),
        /** Packed red, green, blue, alpha (alpha ignored); {@code s ≥ 4·width}. */
        RGBA(4),
        /** 8-bit luma only (full range); {@code s ≥ width}. */
        GREY(1),
        /** Y plane ({@code s·height}), then one interleaved U,V plane of {@code s·⌈height/2⌉} bytes. */
        NV12(1),
        /** Y plane, then one interleaved V,U plane (Android's camera default). */
        NV21(1),
        /** Y plane, then U, then V planes, each {@code ⌈s/2⌉·⌈height/2⌉} bytes ("YUV420p"). */
        I420(1);

        private final int bytesPerPixel;

        Layout(int bytesPerPixel) {
            this.bytesPerPixel = bytesPerPixel;
        }

        /** Bytes one {@code width}×{@code height} picture with row stride {@code stride} needs in this layout. */
        public long bytes(int width, int height, int stride) {
            long luma = (long) stride * (height - 1) + (long) width * bytesPerPixel;
            int ch = (height + 1) / 2;
            int cw = (width + 1) / 2;
            return switch (this) {
                case NV12, NV21 -> (long) stride * height + (long) stride * (ch - 1) + 2L * cw;
                case I420 -> (long) stride * height + (long) ((stride + 1) / 2) * ch + (long) ((stride + 1) / 2) * (ch - 1) + cw;
                default -> luma;
            };
        }

        boolean yuv420() {
            return this == NV12 || this == NV21 || this == I420;
        }
    }

    // BT.601 limited range in 8-bit fixed point (coefficients × 256), as tables: the per-pixel work is then adds,
    // shifts and lookups, no multiplies or clamping branches. Y carries the rounding (+128) and an offset that keeps
    // every sum positive, so CLIP[sum >> 8] saturates to 0..255 without a branch.
    private static final int OFFSET = 1024 << 8;
    private static final int[] Y = new int[256];
    private static final int[] RV = new int[256];
    private static final int[] GU = new int[256];
    private static final int[] GV = new int[256];
    private static final int[] BU = new int[256];
    private static final byte[] CLIP = new byte[2048];

    static {
        for (int i = 0; i < 256; i++) {
            Y[i] = 298 * (i - 16) + 128 + OFFSET;
            RV[i] = 409 * (i - 128);
            GU[i] = -100 * (i - 128);
            GV[i] = -208 * (i - 128);
            BU[i] = 516 * (i - 128);
        }
        for (int i = 0; i < CLIP.length; i++) {
            CLIP[i] = (byte) Math.max(0, Math.min(i - 1024, 255));
        }
    }

    private byte[] out = new byte[0];
    private byte[] rowA = new byte[0];
    private byte[] rowB = new byte[0];
    private byte[] rowC = new byte[0];

    /** A converter with an empty buffer; the first frame sizes it. */
    public FrameConverter() {
    }

    /** Converts a tightly packed picture (stride = width × bytes per pixel; 1 for the YUV layouts), timestamp now. */
    public ImageFrame convert(byte[] data, int width, int height, Layout layout) {
        Objects.requireNonNull(layout, "layout");
        return convert(data, 0, width, height, width * layout.bytesPerPixel, layout, System.currentTimeMillis(), "");
    }

    /**
     * Converts pixels held in a Java array.
     *
     * @param data the pixels; packed BGR/RGB at {@code offset} 0 are wrapped, not copied
     * @param offset index of the first byte of the picture
     * @param width width in pixels
     * @param height height in pixels
     * @param stride bytes from one row to the next (of the Y plane for the YUV layouts)
     * @param layout how the bytes are laid out
     * @param timestampMillis capture time, epoch milliseconds
     * @param sourceId camera or file identifier, may be empty
     * @throws IllegalArgumentException naming the layout and the bytes needed, if {@code data} is too small
     */
    public ImageFrame convert(byte[] data, int offset, int width, int height, int stride, Layout layout,
                              long timestampMillis, String sourceId) {
        Objects.requireNonNull(data, "data");
        check(data.length - (long) offset, offset, width, height, stride, layout);
        if (offset == 0 && (layout == Layout.BGR || layout == Layout.RGB)) {
            return ImageFrame.of(data, width, height, stride, format(layout), timestampMillis, sourceId);
        }
        byte[] dst = output(width, height);
        convertRows(data, offset, null, width, height, stride, layout, dst);
        return ImageFrame.of(dst, width, height, width * 3, format(layout), timestampMillis, sourceId);
    }

    /**
     * Converts pixels held in a {@link ByteBuffer}, read from its position (which is not changed). A heap buffer
     * of packed BGR/RGB whose picture starts at the array's index 0 is wrapped without a copy; a direct buffer
     * (native memory: JavaCV frames, OpenCV mats, Android images) is read row by row into the output, once.
     *
     * @throws IllegalArgumentException naming the layout and the bytes needed, if fewer remain in {@code buffer}
     */
    public ImageFrame convert(ByteBuffer buffer, int width, int height, int stride, Layout layout,
                              long timestampMillis, String sourceId) {
        Objects.requireNonNull(buffer, "buffer");
        if (buffer.hasArray()) {
            int offset = buffer.arrayOffset() + buffer.position();
            check(buffer.remaining(), offset, width, height, stride, layout);
            return convert(buffer.array(), offset, width, height, stride, layout, timestampMillis, sourceId);
        }
        check(buffer.remaining(), buffer.position(), width, height, stride, layout);
        byte[] dst = output(width, height);
        convertRows(null, buffer.position(), buffer, width, height, stride, layout, dst);
        return ImageFrame.of(dst, width, height, width * 3, format(layout), timestampMillis, sourceId);
    }

    /**
     * Converts separate Y, U and V planes with any row and pixel strides: Android's {@code YUV_420_888}
     * ({@code Image.getPlanes()}), where {@code uvPixelStride} is 2 for the semi-planar (NV12/NV21-like) case
     * and 1 for the planar one. Buffers are read from their positions, which are not changed.
     *
     * @throws IllegalArgumentException if a plane holds fewer bytes than the size and strides need
     */
    public ImageFrame convertPlanes(ByteBuffer y, int yRowStride, ByteBuffer u, ByteBuffer v, int uvRowStride,
                                    int uvPixelStride, int width, int height, long timestampMillis, String sourceId) {
        Objects.requireNonNull(y, "y");
        Objects.requireNonNull(u, "u");
        Objects.requireNonNull(v, "v");
        checkSize(width, height);
        if (yRowStride < width || uvPixelStride < 1 || uvRowStride < ((width + 1) / 2 - 1) * uvPixelStride + 1) {
            throw new IllegalArgumentException("Strides too small for a " + width + "x" + height + " picture: Y row "
                    + yRowStride + ", UV row " + uvRowStride + ", UV pixel " + uvPixelStride);
        }
        int cw = (width + 1) / 2;
        int ch = (height + 1) / 2;
        long uvNeed = (long) uvRowStride * (ch - 1) + (long) (cw - 1) * uvPixelStride + 1;
        need(y.remaining(), (long) yRowStride * (height - 1) + width, "Y plane");
        need(u.remaining(), uvNeed, "U plane");
        need(v.remaining(), uvNeed, "V plane");
        byte[] dst = output(width, height);
        int uvRowBytes = (int) ((long) (cw - 1) * uvPixelStride + 1);
        rowA = grow(rowA, width);
        rowB = grow(rowB, uvRowBytes);
        rowC = grow(rowC, uvRowBytes);
        for (int r = 0; r < height; r++) {
            byte[] ya = read(y, y.position() + r * yRowStride, width, rowA);
            int yo = ya == rowA ? 0 : y.arrayOffset() + y.position() + r * yRowStride;
            int cr = (r >> 1) * uvRowStride;
            byte[] ua = read(u, u.position() + cr, uvRowBytes, rowB);
            int uo = ua == rowB ? 0 : u.arrayOffset() + u.position() + cr;
            byte[] va = read(v, v.position() + cr, uvRowBytes, rowC);
            int vo = va == rowC ? 0 : v.arrayOffset() + v.position() + cr;
            yuvRow(ya, yo, ua, uo, va, vo, uvPixelStride, dst, r * width * 3, width);
        }
        return ImageFrame.of(dst, width, height, width * 3, PixelFormat.RGB, timestampMillis, sourceId);
    }

    /** Reads {@code n} bytes at absolute {@code index}: the backing array itself when there is one, else a copy into {@code row}. */
    private static byte[] read(ByteBuffer b, int index, int n, byte[] row) {
        if (b.hasArray()) {
            return b.array();
        }
        b.get(index, row, 0, n);
        return row;
    }

    private void convertRows(byte[] a, int offset, ByteBuffer b, int width, int height, int stride, Layout layout,
                             byte[] dst) {
        int rowBytes = width * layout.bytesPerPixel;
        if (layout.yuv420()) {
            int cw = (width + 1) / 2;
            int ch = (height + 1) / 2;
            int chromaStart = offset + stride * height;
            int cStride = layout == Layout.I420 ? (stride + 1) / 2 : stride;
            int cRowBytes = layout == Layout.I420 ? cw : 2 * cw;
            int vPlane = chromaStart + cStride * ch; // I420 only
            if (b != null) {
                rowA = grow(rowA, width);
                rowB = grow(rowB, cRowBytes);
                rowC = grow(rowC, cRowBytes);
            }
            for (int r = 0; r < height; r++) {
                int yi = offset + r * stride;
                int ci = chromaStart + (r >> 1) * cStride;
                byte[] ya = a;
                byte[] ca = a;
                byte[] va = a;
                int vi = layout == Layout.I420 ? vPlane + (r >> 1) * cStride : 0;
                if (b != null) {
                    b.get(yi, rowA, 0, width);
                    b.get(ci, rowB, 0, cRowBytes);
                    ya = rowA;
                    ca = rowB;
                    yi = 0;
                    ci = 0;
                    if (layout == Layout.I420) {
                        b.get(vi, rowC, 0, cRowBytes);
                        va = rowC;
                        vi = 0;
                    }
                }
                int d = r * width * 3;
                switch (layout) {
                    case NV12 -> yuvRow(ya, yi, ca, ci, ca, ci + 1, 2, dst, d, width);
                    case NV21 -> yuvRow(ya, yi, ca, ci + 1, ca, ci, 2, dst, d, width);
                    default -> yuvRow(ya, yi, ca, ci, va, vi, 1, dst, d, width);
                }
            }
            return;
        }
        if (b != null && (layout == Layout.BGR || layout == Layout.RGB)) {
            if (stride == rowBytes) {
                b.get(offset, dst, 0, rowBytes * height);
            } else {
                for (int r = 0; r < height; r++) {
                    b.get(offset + r * stride, dst, r * rowBytes, rowBytes);
                }
            }
            return;
        }
        if (b != null) {
            rowA = grow(rowA, rowBytes);
        }
        for (int r = 0; r < height; r++) {
            byte[] src = a;
            int s = offset + r * stride;
            if (b != null) {
                b.get(s, rowA, 0, rowBytes);
                src = rowA;
                s = 0;
            }
            int d = r * width * 3;
            switch (layout) {
                case GREY -> {
                    for (int x = 0; x < width; x++, d += 3) {
                        byte g = src[s + x];
                        dst[d] = g;
                        dst[d + 1] = g;
                        dst[d + 2] = g;
                    }
                }
                case BGRA, RGBA -> {
                    for (int x = 0; x < width; x++, d += 3, s += 4) {
                        dst[d] = src[s];
                        dst[d + 1] = src[s + 1];
                        dst[d + 2] = src[s + 2];
                    }
                }
                default -> System.arraycopy(src, s, dst, d, rowBytes); // BGR/RGB at an offset
            }
        }
    }

    /** One row of 4:2:0 YUV to packed RGB (see the tables). Chroma for pixel x is at {@code (x / 2) * step}. */
    private static void yuvRow(byte[] ys, int yi, byte[] us, int ui, byte[] vs, int vi, int step, byte[] dst, int d,
                               int width) {
        int x = 0;
        for (int k = 0; x + 1 < width; x += 2, k += step, d += 6) { // two pixels share one chroma sample
            int u = us[ui + k] & 0xff;
            int v = vs[vi + k] & 0xff;
            int r = RV[v];
            int g = GU[u] + GV[v];
            int b = BU[u];
            int c = Y[ys[yi + x] & 0xff];
            dst[d] = CLIP[(c + r) >> 8];
            dst[d + 1] = CLIP[(c + g) >> 8];
            dst[d + 2] = CLIP[(c + b) >> 8];
            c = Y[ys[yi + x + 1] & 0xff];
            dst[d + 3] = CLIP[(c + r) >> 8];
            dst[d + 4] = CLIP[(c + g) >> 8];
            dst[d + 5] = CLIP[(c + b) >> 8];
        }
        if (x < width) { // odd width: the last pixel has its own chroma sample
            int k = (x >> 1) * step;
            int u = us[ui + k] & 0xff;
            int v = vs[vi + k] & 0xff;
            int c = Y[ys[yi + x] & 0xff];
            dst[d] = CLIP[(c + RV[v]) >> 8];
            dst[d + 1] = CLIP[(c + GU[u] + GV[v]) >> 8];
            dst[d + 2] = CLIP[(c + BU[u]) >> 8];
        }
    }

    private static PixelFormat format(Layout layout) {
        return layout == Layout.BGR || layout == Layout.BGRA ? PixelFormat.BGR : PixelFormat.RGB;
    }

    private byte[] output(int width, int height) {
        int n = width * height * 3;
        if (out.length < n) {
            out = new byte[n];
        }
        return out;
    }

    private static byte[] grow(byte[] row, int n) {
        return row.length >= n ? row : new byte[n];
    }

    private static void checkSize(int width, int height) {
        if (width <= 0 || height <= 0 || (long) width * height * 3 > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("Frame size must be positive and fit one array, got " + width + "x" + height);
        }
    }

    private static void check(long available, int offset, int width, int height, int stride, Layout layout) {
        Objects.requireNonNull(layout, "layout");
        checkSize(width, height);
        if (offset < 0) {
            throw new IllegalArgumentException("Offset must not be negative, got " + offset);
        }
        int minStride = width * layout.bytesPerPixel;
        if (stride < minStride) {
            throw new IllegalArgumentException("Stride " + stride + " is smaller than the " + minStride + " bytes a row of "
                    + width + " " + layout + " pixels needs; pass the number of bytes from one row to the next"
                    + (layout.yuv420() ? " of the Y plane" : ""));
        }
        need(available, layout.bytes(width, height, stride), layout + " " + width + "x" + height + " with stride " + stride);
    }

    private static void need(long available, long needed, String what) {
        if (available < needed) {
            throw new IllegalArgumentException("A " + what + " needs " + needed + " bytes but only " + available
                    + " were given; check width, height, stride and the layout (NV12/NV21/I420 also hold the"
                    + " chroma planes after the Y plane)");
        }
    }
}
