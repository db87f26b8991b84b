package org.entryguard.core;

import org.entryguard.core.testing.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Behaviour on real and awkward pictures with the bundled models. */
class DetectionTest {
    static FrameAnalyzer analyzer;

    @BeforeAll
    static void load() {
        analyzer = FrameAnalyzer.custom().build();
    }

    @AfterAll
    static void close() {
        analyzer.close();
    }

    @Test
    void findsTheAstronautsFaceAndAgesHerAsAnAdult() {
        List<FaceAnalysis> faces = analyzer.analyze(TestImages.astronaut());
        assertEquals(1, faces.size(), faces.toString());
        FaceBox b = faces.get(0).face().box();
        // her face lies around x 170-290, y 40-190 in the 512x512 portrait
        assertTrue(b.centerX() > 180 && b.centerX() < 280 && b.centerY() > 60 && b.centerY() < 170, b.toString());
        float age = faces.get(0).age().age();
        assertTrue(age > 25 && age < 60, "Eileen Collins was 41 in this portrait; estimate " + age);
    }

    @Test
    void sameResultForBgrAndRgbLayouts() {
        ImageFrame original = TestImages.astronaut();
        byte[] swapped = original.data().clone();
        for (int i = 0; i < swapped.length; i += 3) {
            byte t = swapped[i];
            swapped[i] = swapped[i + 2];
            swapped[i + 2] = t;
        }
        PixelFormat other = original.format() == PixelFormat.BGR ? PixelFormat.RGB : PixelFormat.BGR;
        var a = analyzer.analyze(original).get(0);
        var b = analyzer.analyze(ImageFrame.of(swapped, original.width(), original.height(), other)).get(0);
        assertEquals(a.face().box(), b.face().box());
        assertEquals(a.age().age(), b.age().age());
    }

    @Test
    void paddedStrideGivesTheSameResult() {
        ImageFrame f = TestImages.astronaut();
        int stride = f.width() * 3 + 64;
        byte[] padded = new byte[stride * f.height()];
        for (int y = 0; y < f.height(); y++) {
            System.arraycopy(f.data(), y * f.stride(), padded, y * stride, f.width() * 3);
        }
        var a = analyzer.analyze(f).get(0);
        var b = analyzer.analyze(ImageFrame.of(padded, f.width(), f.height(), stride, f.format(), 0, "cam")).get(0);
        assertEquals(a.face().box(), b.face().box());
        assertEquals(a.age().age(), b.age().age());
    }

    @Test
    void noFaceInAnEmptyWall() {
        byte[] grey = new byte[640 * 480 * 3];
        Arrays.fill(grey, (byte) 128);
        assertTrue(analyzer.analyze(ImageFrame.of(grey, 640, 480, PixelFormat.BGR)).isEmpty());
    }

    @Test
    void onePixelImageIsHandled() {
        assertTrue(analyzer.analyze(ImageFrame.of(new byte[] {1, 2, 3}, 1, 1, PixelFormat.BGR)).isEmpty());
    }

    @Test
    void grayscalePhotoStillFindsTheFace() {
        ImageFrame f = TestImages.astronaut();
        byte[] g = f.data().clone();
        for (int i = 0; i < g.length; i += 3) {
            int v = ((g[i] & 0xFF) * 299 + (g[i + 1] & 0xFF) * 587 + (g[i + 2] & 0xFF) * 114) / 1000;
            g[i] = g[i + 1] = g[i + 2] = (byte) v;
        }
        assertEquals(1, analyzer.analyze(ImageFrame.of(g, f.width(), f.height(), PixelFormat.RGB)).size());
    }

    @Test
    void eightKFrameIsProcessed() {
        // 7680x4320 with the portrait pasted in the middle: a very large frame must not fail or run out of memory
        ImageFrame face = TestImages.astronaut();
        int w = 7680;
        int h = 4320;
        byte[] px = new byte[w * h * 3];
        Arrays.fill(px, (byte) 90);
        int ox = 3000;
        int oy = 500;
        int k = 16; // the 200x200 head region scaled 16x: the face stays ~100 px after the 416 downscale
        for (int y = 0; y < 200 * k; y++) {
            for (int x = 0; x < 200 * k; x++) {
                int s = ((20 + y / k) * face.width() + 130 + x / k) * 3;
                int d = ((oy + y) * w + ox + x) * 3;
                px[d] = face.data()[s];
                px[d + 1] = face.data()[s + 1];
                px[d + 2] = face.data()[s + 2];
            }
        }
        List<FaceAnalysis> faces = analyzer.analyze(ImageFrame.of(px, w, h, face.format()));
        assertEquals(1, faces.size(), faces.toString());
        FaceBox b = faces.get(0).face().box();
        assertTrue(b.x() > ox && b.right() < ox + 200 * k, b.toString());
        assertTrue(faces.get(0).age().age() > 20, faces.toString());
    }

    @Test
    void boxOutsideTheFrameIsAClearError() {
        ImageFrame f = TestImages.astronaut();
        var e = assertThrows(EntryGuardException.class, () -> analyzer.estimator().estimate(f, new FaceBox(600, 600, 50, 50)));
        assertTrue(e.getMessage().contains("outside"), e.getMessage());
    }

    @Test
    void sharedInstanceIsReusableAcrossManyFrames() {
        ImageFrame f = TestImages.astronaut();
        float first = analyzer.analyze(f).get(0).age().age();
        for (int i = 0; i < 5; i++) {
            assertEquals(first, analyzer.analyze(f).get(0).age().age(), "buffers reused between calls must not leak state");
        }
    }

    @Test
    void instancesShareOneModelAcrossThreads() throws Exception {
        ImageFrame f = TestImages.astronaut();
        FaceBox expectedBox;
        float expectedAge;
        FaceDetector d1 = FaceDetector.custom().build();
        AgeEstimator e1 = AgeEstimator.custom().build();
        FaceDetector d2 = d1.newInstance();
        AgeEstimator e2 = e1.newInstance();
        try {
            expectedBox = d1.detect(f).get(0).box();
            expectedAge = e1.estimate(f, expectedBox).age();
            d1.close(); // the sibling keeps the shared session alive
            e1.close();
            var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
            FaceDetector d3 = d2.newInstance();
            AgeEstimator e3 = e2.newInstance();
            var a = pool.submit(() -> { for (int i = 0; i < 5; i++) { assertEquals(expectedAge, e2.estimate(f, d2.detect(f).get(0).box()).age()); } return true; });
            var b = pool.submit(() -> { for (int i = 0; i < 5; i++) { assertEquals(expectedAge, e3.estimate(f, d3.detect(f).get(0).box()).age()); } return true; });
            assertTrue(a.get() && b.get());
            pool.shutdown();
            d3.close();
            e3.close();
        } finally {
            d2.close();
            e2.close();
        }
        assertThrows(IllegalStateException.class, d2::newInstance, "a closed model cannot hand out new instances");
    }
}
