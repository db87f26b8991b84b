package org.entryguard.core;

import org.entryguard.core.guard.EntranceGuard;
import org.entryguard.core.rules.VenueRules;
import org.entryguard.core.rules.VenueType;
import org.entryguard.core.testing.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link FaceDetector#detect(ImageFrame, FaceBox)}: a door region of a wide 1080p view, with the real bundled
 * detector. The astronaut portrait (512×512) is pasted at (1200, 400) of a grey 1920×1080 frame.
 */
class DetectionRegionTest {
    static final int PX = 1200;
    static final int PY = 400;
    static ImageFrame wide;
    static FaceDetector full416;
    static FaceDetector small320;

    @BeforeAll
    static void setUp() {
        ImageFrame a = TestImages.astronaut();
        byte[] px = new byte[1920 * 1080 * 3];
        Arrays.fill(px, (byte) 110);
        for (int y = 0; y < a.height(); y++) {
            System.arraycopy(a.data(), y * a.stride(), px, ((PY + y) * 1920 + PX) * 3, a.width() * 3);
        }
        wide = ImageFrame.of(px, 1920, 1080, a.format());
        full416 = FaceDetector.custom().inputSize(416).build();
        small320 = FaceDetector.custom().inputSize(320).build();
    }

    @AfterAll
    static void tearDown() {
        full416.close();
        small320.close();
    }

    @Test
    void aRegionAtASmallerInputFindsAFaceTheWholeFrameMisses() {
        // her face is ~120 px wide: ~26 px at a 416 input over the whole 1920 px width, too small for the tiny net
        assertEquals(List.of(), full416.detect(wide), "whole frame at 416");
        // the door region (1000 px wide) at 320 shows it at ~38 px, and at 59 % of the 416 input's cost
        List<Face> inRegion = small320.detect(wide, new FaceBox(1000, 200, 900, 800));
        assertEquals(1, inRegion.size(), inRegion.toString());
        List<Face> alone = full416.detect(TestImages.astronaut());
        FaceBox a = alone.get(0).box();
        FaceBox expected = new FaceBox(a.x() + PX, a.y() + PY, a.width(), a.height());
        FaceBox r = inRegion.get(0).box();
        assertTrue(r.iou(expected) > 0.6f, "region box " + r + " vs the portrait's own box moved into the frame " + expected);
        // her face lies around x 170-290, y 40-190 of the portrait
        assertTrue(r.centerX() > PX + 180 && r.centerX() < PX + 280 && r.centerY() > PY + 60 && r.centerY() < PY + 170, r.toString());
    }

    @Test
    void aRegionWithoutTheFaceFindsNothing() {
        assertEquals(List.of(), full416.detect(wide, new FaceBox(0, 0, 900, 900)));
    }

    @Test
    void aRegionReachingPastTheFrameIsClipped() {
        List<Face> clipped = small320.detect(wide, new FaceBox(1000, 200, 5000, 5000));
        assertEquals(1, clipped.size(), clipped.toString());
        assertTrue(clipped.get(0).box().centerX() > PX + 180, clipped.toString());
    }

    @Test
    void aRegionOutsideTheFrameIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> full416.detect(wide, new FaceBox(2000, 0, 100, 100)));
        assertTrue(e.getMessage().contains("does not overlap the 1920x1080 frame"), e.getMessage());
    }

    @Test
    void theGenericFallbackForCustomDetectorsMatchesTheBundledRegionPath() {
        // a custom detector that implements only detect(frame) gets region support from the interface default
        FaceDetector custom = new FaceDetector() {
            @Override
            public List<Face> detect(ImageFrame frame) { return small320.detect(frame); }

            @Override
            public FaceDetector newInstance() { return this; }

            @Override
            public void close() { }
        };
        FaceBox region = new FaceBox(1000.4f, 200.7f, 900, 800);
        List<Face> viaCopy = custom.detect(wide, region);
        List<Face> direct = small320.detect(wide, region);
        assertEquals(direct.size(), viaCopy.size());
        for (int i = 0; i < direct.size(); i++) {
            FaceBox d = direct.get(i).box();
            FaceBox c = viaCopy.get(i).box();
            assertEquals(d.x(), c.x(), 1e-3f);
            assertEquals(d.y(), c.y(), 1e-3f);
            assertEquals(d.width(), c.width(), 1e-3f);
            assertEquals(d.height(), c.height(), 1e-3f);
            assertEquals(direct.get(i).score(), viaCopy.get(i).score(), 1e-6f);
        }
    }

    @Test
    void ssdDetectorSupportsRegionsToo() {
        try (FaceDetector ssd = FaceDetector.custom().model(DetectorModel.SSD_MOBILENET_V1).build()) {
            List<Face> r = ssd.detect(wide, new FaceBox(1000, 200, 900, 800));
            assertEquals(1, r.size(), r.toString());
            assertTrue(r.get(0).box().centerX() > PX + 180 && r.get(0).box().centerX() < PX + 280, r.toString());
        }
    }

    @Test
    void entranceGuardRejectsARegionOutsideTheFrame() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EntranceGuard.custom(VenueRules.ofDefaults(VenueType.KTV)).detectionRegion(0.5f, 0.5f, 0.6f, 0.2f));
        assertTrue(e.getMessage().contains("x + width <= 1"), e.getMessage());
    }
}
