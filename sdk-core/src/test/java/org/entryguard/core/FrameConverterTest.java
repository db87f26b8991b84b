package org.entryguard.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import org.entryguard.core.FrameConverter.Layout;
import org.entryguard.core.testing.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every input layout gives the faces and ages of the BGR path on the bundled sample. Exact where the bytes are
 * the same (packed BGR/RGB from arrays, heap or direct buffers, BGRA, padded rows). For YUV 4:2:0 the picture
 * itself changes (chroma at half resolution, 8-bit rounding), so within a stated tolerance: box corners within
 * {@value #BOX_PX} px and age within {@value #YUV_AGE} years; grey loses colour altogether, so its age within
 * {@value #GREY_AGE} years.
 */
class FrameConverterTest {
    static final double BOX_PX = 3.0;
    static final double YUV_AGE = 1.0;
    static final double GREY_AGE = 1.5;
    private static FrameAnalyzer analyzer;
    private static ImageFrame rgb;
    private static List<FaceAnalysis> reference;

    @BeforeAll
    static void load() {
        analyzer = FrameAnalyzer.custom().build();
        rgb = TestImages.packed(TestImages.astronaut(), PixelFormat.RGB);
        reference = analyzer.analyze(bgr(rgb, 0));
        assertEquals(1, reference.size(), "the sample has one face");
    }

    @AfterAll
    static void close() {
        analyzer.close();
    }

    @Test
    void packedInputsAreReadExactlyAndArraysAreNotCopied() {
        FrameConverter c = new FrameConverter();
        ImageFrame bgr = bgr(rgb, 0);
        ImageFrame wrapped = c.convert(bgr.data(), bgr.width(), bgr.height(), Layout.BGR);
        assertSame(bgr.data(), wrapped.data(), "packed BGR in an array is wrapped, not copied");
        assertSame(bgr.data(), c.convert(ByteBuffer.wrap(bgr.data()), bgr.width(), bgr.height(), bgr.width() * 3,
                Layout.BGR, 0, "").data(), "a heap buffer at index 0 is wrapped too");
        ByteBuffer direct = ByteBuffer.allocateDirect(bgr.data().length).put(bgr.data()).flip();
        same(reference, analyzer.analyze(c.convert(direct, bgr.width(), bgr.height(), bgr.width() * 3, Layout.BGR, 0, "")), 0, 0);
        ImageFrame padded = bgr(rgb, 17);
        ByteBuffer directPadded = ByteBuffer.allocateDirect(padded.data().length).put(padded.data()).flip();
        same(reference, analyzer.analyze(c.convert(directPadded, padded.width(), padded.height(), padded.stride(),
                Layout.BGR, 0, "")), 0, 0);
        same(reference, analyzer.analyze(c.convert(withAlpha(rgb, true), rgb.width(), rgb.height(), Layout.BGRA)), 0, 0);
        same(reference, analyzer.analyze(c.convert(withAlpha(rgb, false), rgb.width(), rgb.height(), Layout.RGBA)), 0, 0);
        byte[] shifted = new byte[rgb.data().length + 5];
        System.arraycopy(rgb.data(), 0, shifted, 5, rgb.data().length);
        same(reference, analyzer.analyze(c.convert(shifted, 5, rgb.width(), rgb.height(), rgb.width() * 3,
                Layout.RGB, 0, "")), 0, 0);
    }

    @Test
    void yuvLayoutsGiveTheSameFacesAndAgesWithinTolerance() {
        FrameConverter c = new FrameConverter();
        int w = rgb.width();
        int h = rgb.height();
        for (Layout layout : List.of(Layout.NV12, Layout.NV21, Layout.I420)) {
            byte[] yuv = Yuv.encode(rgb, layout, w);
            List<FaceAnalysis> got = analyzer.analyze(c.convert(yuv, w, h, layout));
            report(layout + " array", got);
            same(reference, got, BOX_PX, YUV_AGE);
            ByteBuffer direct = ByteBuffer.allocateDirect(yuv.length).put(yuv).flip();
            List<FaceAnalysis> fromDirect = analyzer.analyze(c.convert(direct, w, h, w, layout, 0, ""));
            same(got, fromDirect, 0, 0); // direct and heap read the same bytes
        }
        Yuv.Planes p = Yuv.planes(rgb, 2);
        List<FaceAnalysis> android = analyzer.analyze(c.convertPlanes(p.y(), w, p.u(), p.v(), p.uvRowStride(), 2, w, h, 0, ""));
        same(analyzer.analyze(c.convert(Yuv.encode(rgb, Layout.NV12, w), w, h, Layout.NV12)), android, 0, 0);
    }

    @Test
    void greyGivesTheSameFaceAndAnAgeWithinTolerance() {
        byte[] grey = Yuv.luma(rgb);
        List<FaceAnalysis> got = analyzer.analyze(new FrameConverter().convert(grey, rgb.width(), rgb.height(), Layout.GREY));
        report("GREY", got);
        same(reference, got, BOX_PX, GREY_AGE);
    }

    @Test
    void yuvPixelsComeBackCloseToTheOriginal() {
        int w = rgb.width();
        byte[] back = new FrameConverter().convert(Yuv.encode(rgb, Layout.I420, w), w, rgb.height(), Layout.I420).data();
        long sum = 0;
        for (int i = 0; i < rgb.data().length; i++) {
            sum += Math.abs((back[i] & 0xff) - (rgb.data()[i] & 0xff));
        }
        double mean = sum / (double) rgb.data().length;
        System.out.printf("I420 round trip: mean absolute error %.2f per channel%n", mean);
        assertTrue(mean < 4, "mean absolute error " + mean);
    }

    @Test
    void oddSizesAndTheOutputBufferIsReused() {
        FrameConverter c = new FrameConverter();
        int w = 5;
        int h = 3;
        int stride = 6; // an odd width's chroma row (3 U,V pairs) needs one byte more than the luma row
        byte[] nv12 = new byte[(int) Layout.NV12.bytes(w, h, stride)];
        java.util.Arrays.fill(nv12, 0, stride * h, (byte) 235); // white: Y 235, U = V = 128
        java.util.Arrays.fill(nv12, stride * h, nv12.length, (byte) 128);
        ImageFrame f = c.convert(nv12, 0, w, h, stride, Layout.NV12, 0, "");
        for (int i = 0; i < w * h * 3; i++) {
            assertEquals(255, f.data()[i] & 0xff, "white at byte " + i);
        }
        assertSame(f.data(), c.convert(nv12, 0, w, h, stride, Layout.NV12, 0, "").data(), "one buffer per converter");
    }

    @Test
    void tooFewBytesNamesTheLayoutAndWhatIsNeeded() {
        FrameConverter c = new FrameConverter();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> c.convert(new byte[640 * 480], 640, 480, Layout.NV12));
        assertTrue(e.getMessage().contains("NV12 640x480") && e.getMessage().contains("460800")
                && e.getMessage().contains("chroma"), e.getMessage());
        IllegalArgumentException s = assertThrows(IllegalArgumentException.class,
                () -> c.convert(new byte[1000], 0, 10, 10, 20, Layout.BGRA, 0, ""));
        assertTrue(s.getMessage().contains("Stride 20") && s.getMessage().contains("40"), s.getMessage());
        assertThrows(IllegalArgumentException.class, () -> c.convert(ByteBuffer.allocateDirect(10), 4, 4, 4, Layout.GREY, 0, ""));
    }

    private static void report(String what, List<FaceAnalysis> got) {
        FaceAnalysis r = reference.get(0);
        FaceAnalysis g = got.get(0);
        System.out.printf("%s: box %+.2f %+.2f %+.2f %+.2f px, age %.2f vs BGR %.2f%n", what,
                g.face().box().x() - r.face().box().x(), g.face().box().y() - r.face().box().y(),
                g.face().box().width() - r.face().box().width(), g.face().box().height() - r.face().box().height(),
                g.age().age(), r.age().age());
    }

    private static void same(List<FaceAnalysis> expected, List<FaceAnalysis> actual, double boxPx, double years) {
        assertEquals(expected.size(), actual.size(), "number of faces");
        for (int i = 0; i < expected.size(); i++) {
            FaceBox e = expected.get(i).face().box();
            FaceBox a = actual.get(i).face().box();
            assertEquals(e.x(), a.x(), boxPx, "x");
            assertEquals(e.y(), a.y(), boxPx, "y");
            assertEquals(e.x() + e.width(), a.x() + a.width(), boxPx, "right");
            assertEquals(e.y() + e.height(), a.y() + a.height(), boxPx, "bottom");
            assertEquals(expected.get(i).age().age(), actual.get(i).age().age(), years, "age");
        }
    }

    /** RGB as BGR with {@code pad} extra bytes per row. */
    static ImageFrame bgr(ImageFrame rgb, int pad) {
        int stride = rgb.width() * 3 + pad;
        byte[] out = new byte[stride * rgb.height()];
        for (int y = 0; y < rgb.height(); y++) {
            for (int x = 0; x < rgb.width(); x++) {
                int s = (y * rgb.width() + x) * 3;
                int d = y * stride + x * 3;
                out[d] = rgb.data()[s + 2];
                out[d + 1] = rgb.data()[s + 1];
                out[d + 2] = rgb.data()[s];
            }
        }
        return ImageFrame.of(out, rgb.width(), rgb.height(), stride, PixelFormat.BGR, 0, "");
    }

    private static byte[] withAlpha(ImageFrame rgb, boolean bgrOrder) {
        byte[] out = new byte[rgb.width() * rgb.height() * 4];
        for (int i = 0, d = 0; i < rgb.data().length; i += 3, d += 4) {
            out[d] = rgb.data()[bgrOrder ? i + 2 : i];
            out[d + 1] = rgb.data()[i + 1];
            out[d + 2] = rgb.data()[bgrOrder ? i : i + 2];
            out[d + 3] = (byte) 0x7f;
        }
        return out;
    }

    /** A reference RGB → YUV 4:2:0 encoder (BT.601 limited range, 2×2 chroma average), as a decoder would produce. */
    static final class Yuv {
        record Planes(ByteBuffer y, ByteBuffer u, ByteBuffer v, int uvRowStride) {
        }

        static byte[] luma(ImageFrame rgb) {
            byte[] y = new byte[rgb.width() * rgb.height()];
            for (int i = 0; i < y.length; i++) {
                y[i] = (byte) Math.round(0.299 * u8(rgb, i * 3) + 0.587 * u8(rgb, i * 3 + 1) + 0.114 * u8(rgb, i * 3 + 2));
            }
            return y;
        }

        static byte[] encode(ImageFrame rgb, Layout layout, int stride) {
            int w = rgb.width();
            int h = rgb.height();
            int cw = (w + 1) / 2;
            int ch = (h + 1) / 2;
            byte[] out = new byte[(int) layout.bytes(w, h, stride)];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int s = (y * w + x) * 3;
                    out[y * stride + x] = (byte) clamp(16 + (65.481 * u8(rgb, s) + 128.553 * u8(rgb, s + 1)
                            + 24.966 * u8(rgb, s + 2)) / 255.0);
                }
            }
            for (int cy = 0; cy < ch; cy++) {
                for (int cx = 0; cx < cw; cx++) {
                    double[] uv = chroma(rgb, cx, cy);
                    int c = stride * h;
                    switch (layout) {
                        case NV12 -> {
                            out[c + cy * stride + 2 * cx] = (byte) clamp(uv[0]);
                            out[c + cy * stride + 2 * cx + 1] = (byte) clamp(uv[1]);
                        }
                        case NV21 -> {
                            out[c + cy * stride + 2 * cx] = (byte) clamp(uv[1]);
                            out[c + cy * stride + 2 * cx + 1] = (byte) clamp(uv[0]);
                        }
                        default -> {
                            int cs = (stride + 1) / 2;
                            out[c + cy * cs + cx] = (byte) clamp(uv[0]);
                            out[c + cs * ch + cy * cs + cx] = (byte) clamp(uv[1]);
                        }
                    }
                }
            }
            return out;
        }

        /** Android-style planes: direct buffers, chroma with the given pixel stride and a padded row stride. */
        static Planes planes(ImageFrame rgb, int pixelStride) {
            int w = rgb.width();
            byte[] nv12 = encode(rgb, Layout.NV12, w);
            int h = rgb.height();
            ByteBuffer y = ByteBuffer.allocateDirect(w * h).put(nv12, 0, w * h).flip();
            int rowStride = w + 8;
            int ch = (h + 1) / 2;
            ByteBuffer u = ByteBuffer.allocateDirect(rowStride * ch);
            ByteBuffer v = ByteBuffer.allocateDirect(rowStride * ch);
            for (int cy = 0; cy < ch; cy++) {
                for (int cx = 0; cx < (w + 1) / 2; cx++) {
                    u.put(cy * rowStride + cx * pixelStride, nv12[w * h + cy * w + 2 * cx]);
                    v.put(cy * rowStride + cx * pixelStride, nv12[w * h + cy * w + 2 * cx + 1]);
                }
            }
            return new Planes(y, u, v, rowStride);
        }

        private static double[] chroma(ImageFrame rgb, int cx, int cy) {
            double r = 0;
            double g = 0;
            double b = 0;
            int n = 0;
            for (int dy = 0; dy < 2; dy++) {
                for (int dx = 0; dx < 2; dx++) {
                    int x = Math.min(2 * cx + dx, rgb.width() - 1);
                    int y = Math.min(2 * cy + dy, rgb.height() - 1);
                    int s = (y * rgb.width() + x) * 3;
                    r += u8(rgb, s);
                    g += u8(rgb, s + 1);
                    b += u8(rgb, s + 2);
                    n++;
                }
            }
            r /= n;
            g /= n;
            b /= n;
            return new double[] {128 + (-37.797 * r - 74.203 * g + 112.0 * b) / 255.0,
                128 + (112.0 * r - 93.786 * g - 18.214 * b) / 255.0};
        }

        private static int u8(ImageFrame f, int i) {
            return f.data()[i] & 0xff;
        }

        private static int clamp(double v) {
            return (int) Math.max(0, Math.min(255, Math.round(v)));
        }
    }
}
