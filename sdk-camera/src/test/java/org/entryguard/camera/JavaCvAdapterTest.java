package org.entryguard.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import org.bytedeco.javacv.Frame;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.entryguard.core.FaceAnalysis;
import org.entryguard.core.FrameAnalyzer;
import org.entryguard.core.ImageFrame;
import org.entryguard.core.PixelFormat;
import org.entryguard.core.testing.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * JavaCV frames and OpenCV mats of the bundled sample give exactly the faces and ages of the same pixels as a BGR
 * array (the adapter reads the bytes, it does not change them): 3-channel, padded rows, a region of interest,
 * 4-channel, and grey (compared with grey given as BGR).
 */
class JavaCvAdapterTest {
    private static FrameAnalyzer analyzer;
    private static ImageFrame bgr;
    private static List<FaceAnalysis> reference;

    @BeforeAll
    static void load() {
        analyzer = FrameAnalyzer.custom().build();
        bgr = TestImages.packed(TestImages.astronaut(), PixelFormat.BGR);
        reference = analyzer.analyze(bgr);
        assertEquals(1, reference.size());
    }

    @AfterAll
    static void close() {
        analyzer.close();
    }

    @Test
    void javaCvFramesReadExactly() {
        JavaCvAdapter adapter = new JavaCvAdapter();
        for (int channels : new int[] {3, 4}) {
            Frame f = new Frame(bgr.width(), bgr.height(), Frame.DEPTH_UBYTE, channels);
            ByteBuffer px = (ByteBuffer) f.image[0];
            for (int y = 0; y < bgr.height(); y++) {
                for (int x = 0; x < bgr.width(); x++) {
                    int d = y * f.imageStride + x * channels;
                    int s = y * bgr.stride() + x * 3;
                    for (int k = 0; k < 3; k++) {
                        px.put(d + k, bgr.data()[s + k]);
                    }
                    if (channels == 4) {
                        px.put(d + 3, (byte) 255);
                    }
                }
            }
            ImageFrame got = adapter.toImageFrame(f, 42, "cam");
            assertEquals(42, got.timestampMillis());
            assertEquals("cam", got.sourceId());
            assertSamePixels(bgr, got);
            assertSameAnalysis(reference, analyzer.analyze(got));
        }
    }

    @Test
    void openCvMatsReadExactlyIncludingARegionOfInterest() {
        JavaCvAdapter adapter = new JavaCvAdapter();
        int w = bgr.width();
        int h = bgr.height();
        Mat mat = new Mat(h, w, opencv_core.CV_8UC3);
        put(mat, bgr.data(), w * 3);
        assertSamePixels(bgr, adapter.toImageFrame(mat, 0, ""));
        assertSameAnalysis(reference, analyzer.analyze(adapter.toImageFrame(mat, 0, "")));

        // the picture in the bottom-right corner of a larger matrix: rows padded, last row ending before a step
        Mat big = new Mat(h + 10, w + 30, opencv_core.CV_8UC3);
        Mat roi = new Mat(big, new Rect(30, 10, w, h));
        for (int y = 0; y < h; y++) {
            roi.ptr(y).put(bgr.data(), y * w * 3, w * 3);
        }
        ImageFrame fromRoi = adapter.toImageFrame(roi, 0, "");
        assertSamePixels(bgr, fromRoi);
        assertSameAnalysis(reference, analyzer.analyze(fromRoi));
    }

    @Test
    void greyMatsReadAsGrey() {
        int w = bgr.width();
        int h = bgr.height();
        byte[] grey = new byte[w * h];
        byte[] greyBgr = new byte[w * h * 3];
        for (int i = 0; i < grey.length; i++) {
            grey[i] = bgr.data()[i * 3 + 1];
            greyBgr[i * 3] = grey[i];
            greyBgr[i * 3 + 1] = grey[i];
            greyBgr[i * 3 + 2] = grey[i];
        }
        Mat mat = new Mat(h, w, opencv_core.CV_8UC1);
        put(mat, grey, w);
        ImageFrame got = new JavaCvAdapter().toImageFrame(mat, 0, "");
        assertSameAnalysis(analyzer.analyze(ImageFrame.of(greyBgr, w, h, PixelFormat.BGR)), analyzer.analyze(got));
    }

    @Test
    void unsupportedPicturesAreNamed() {
        JavaCvAdapter adapter = new JavaCvAdapter();
        IllegalArgumentException depth = assertThrows(IllegalArgumentException.class,
                () -> adapter.toImageFrame(new Mat(4, 4, opencv_core.CV_32FC3), 0, ""));
        assertTrue(depth.getMessage().contains("CV_8U"), depth.getMessage());
        IllegalArgumentException channels = assertThrows(IllegalArgumentException.class,
                () -> adapter.toImageFrame(new Mat(4, 4, opencv_core.CV_8UC2), 0, ""));
        assertTrue(channels.getMessage().contains("2 channels"), channels.getMessage());
        IllegalArgumentException audio = assertThrows(IllegalArgumentException.class,
                () -> adapter.toImageFrame(new Frame(), 0, ""));
        assertTrue(audio.getMessage().contains("no 8-bit image"), audio.getMessage());
    }

    /** Same faces, scores, landmarks and ages, exactly. */
    private static void assertSameAnalysis(List<FaceAnalysis> expected, List<FaceAnalysis> actual) {
        assertEquals(expected.size(), actual.size(), "number of faces");
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).face().box(), actual.get(i).face().box());
            assertEquals(expected.get(i).face().score(), actual.get(i).face().score());
            assertTrue(java.util.Arrays.equals(expected.get(i).face().landmarks(), actual.get(i).face().landmarks()));
            assertEquals(expected.get(i).age(), actual.get(i).age());
        }
    }

    private static void put(Mat mat, byte[] rows, int rowBytes) {
        for (int y = 0; y < mat.rows(); y++) {
            mat.ptr(y).put(rows, y * rowBytes, rowBytes);
        }
    }

    private static void assertSamePixels(ImageFrame expected, ImageFrame actual) {
        assertEquals(expected.width(), actual.width());
        assertEquals(expected.height(), actual.height());
        assertEquals(PixelFormat.BGR, actual.format());
        for (int y = 0; y < expected.height(); y++) {
            for (int x = 0; x < expected.width() * 3; x++) {
                assertEquals(expected.data()[y * expected.stride() + x], actual.data()[y * actual.stride() + x],
                        "byte " + x + " of row " + y);
            }
        }
    }
}
