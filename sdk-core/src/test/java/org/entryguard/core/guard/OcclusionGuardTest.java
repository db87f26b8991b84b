package org.entryguard.core.guard;

import org.entryguard.core.ledger.EntryDecision;

import org.entryguard.core.rules.Decision;
import org.entryguard.core.rules.VenueRules;
import org.entryguard.core.rules.VenueType;

import org.entryguard.core.AgeEstimate;
import org.entryguard.core.AgeEstimator;
import org.entryguard.core.Face;
import org.entryguard.core.FaceBox;
import org.entryguard.core.FaceDetector;
import org.entryguard.core.ImageFrame;
import org.entryguard.core.LandmarkDetector;
import org.entryguard.core.testing.TestImages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How {@link EntranceGuard} treats shots with covered eyes, deterministically: real pixels (the astronaut,
 * untouched or with the eye band blacked out) but a fixed box and a fixed age with the untouched photo's
 * landmarks, so only the occlusion check decides which shots count.
 */
class OcclusionGuardTest {
    private static FaceBox box;
    private static float[] landmarks;
    private static ImageFrame clean;
    private static ImageFrame covered;
    private static final byte[] BLANK = new byte[512 * 512 * 3];

    @BeforeAll
    static void load() {
        clean = TestImages.astronaut();
        try (FaceDetector d = FaceDetector.custom().build(); LandmarkDetector ld = LandmarkDetector.ofDefaults()) {
            box = d.detect(clean).stream().max(Comparator.comparingDouble(Face::score)).orElseThrow().box();
            landmarks = ld.detect(clean, box);
        }
        float[] l = LandmarkDetector.mean(landmarks, 36, 42);
        float[] r = LandmarkDetector.mean(landmarks, 42, 48);
        float iod = r[0] - l[0];
        float cy = (l[1] + r[1]) / 2;
        byte[] px = clean.data().clone();
        for (int y = 0; y < clean.height(); y++) {
            for (int x = 0; x < clean.width(); x++) {
                if (x >= l[0] - 0.45f * iod && x <= r[0] + 0.45f * iod && y >= cy - 0.25f * iod && y <= cy + 0.3f * iod) {
                    int o = y * clean.stride() + 3 * x;
                    px[o] = 0;
                    px[o + 1] = 0;
                    px[o + 2] = 0;
                }
            }
        }
        covered = ImageFrame.of(px, clean.width(), clean.height(), clean.stride(), clean.format(), 0L, "");
    }

    /** The fixed box on every frame except {@link #BLANK} ones. */
    static final class Fixed implements FaceDetector {
        @Override
        public List<Face> detect(ImageFrame frame) { return frame.data() == BLANK ? List.of() : List.of(new Face(box, 0.9f)); }

        @Override
        public FaceDetector newInstance() { return new Fixed(); }

        @Override
        public void close() {
        }
    }

    /** The untouched photo's landmarks on every frame, so only the eyes' pixels differ between shots. */
    static final class PhotoLandmarks implements LandmarkDetector {
        @Override
        public float[] detect(ImageFrame frame, FaceBox b) { return landmarks.clone(); }

        @Override
        public LandmarkDetector newInstance() { return new PhotoLandmarks(); }

        @Override
        public void close() {
        }
    }

    /** Age 35 ± 4, counting its runs. */
    static final class Aged implements AgeEstimator {
        int calls;

        @Override
        public AgeEstimate estimate(ImageFrame frame, FaceBox b) {
            calls++;
            return new AgeEstimate(35f, 4f);
        }

        @Override
        public AgeEstimator newInstance() { return new Aged(); }

        @Override
        public void close() {
        }
    }

    /** Frames 100 ms apart, {@code true} = covered; then 2 s without the face. */
    private static List<EntryDecision> run(EntranceGuard.Builder b, boolean... coveredFrames) {
        List<EntryDecision> out = new ArrayList<>();
        long t0 = Synth.SCHOOL_DAY;
        try (EntranceGuard g = b.build()) {
            int i = 0;
            for (boolean c : coveredFrames) {
                out.addAll(g.process((c ? covered : clean).withTimestamp(t0 + 100L * i++, "door")));
            }
            return out;
        }
    }

    private static EntranceGuard.Builder guard() {
        return guard(new Aged());
    }

    private static EntranceGuard.Builder guard(Aged aged) {
        return EntranceGuard.custom(VenueRules.ofDefaults(VenueType.BAR)).detector(new Fixed()).estimator(aged)
                .landmarks(new PhotoLandmarks()).door(Door.anywhere()).clock(new Synth.TestClock(Synth.SCHOOL_DAY));
    }

    @Test
    void coveredFromTheStartEndsInCheckIdAfterBestKShots() {
        List<EntryDecision> out = run(guard(), true, true, true, true, true, true, true, true);
        assertEquals(1, out.size(), out.toString());
        EntryDecision d = out.get(0);
        assertEquals(Decision.CHECK_ID, d.decision());
        assertTrue(d.reason().contains("eyes covered in 5 of 5 shots"), d.reason());
        assertEquals(0, d.shotsUsed());
        assertTrue(Float.isNaN(d.age()));
    }

    @Test
    void aCoveredShotCostsNoAgeRun() {
        // detect → landmarks → eyes → age: the eyes check refuses the shot before the age model would run
        Aged aged = new Aged();
        List<EntryDecision> out = run(guard(aged), true, true, true, true, true, true, true, true);
        assertEquals(Decision.CHECK_ID, out.get(0).decision(), out.toString());
        assertEquals(0, aged.calls, "no age estimate for covered eyes");
        Aged seen = new Aged();
        run(guard(seen), false, false, false, false, false, false);
        assertTrue(seen.calls >= 3, "uncovered shots are aged: " + seen.calls);
    }

    @Test
    void uncoveredShotsAreDecidedOnTheAge() {
        List<EntryDecision> out = run(guard(), false, false, false, false, false, false);
        assertEquals(1, out.size(), out.toString());
        assertEquals(Decision.ADULT, out.get(0).decision(), out.toString());
        assertFalse(out.get(0).reason().contains("covered"));
    }

    @Test
    void asManyGoodShotsAsCoveredOnesAreDecidedOnTheGoodOnes() {
        // covered, good, covered, good, ...: three agreeing good shots are ready; covered ones do not outnumber them
        List<EntryDecision> out = run(guard(), true, false, true, false, true, false, true, false);
        assertEquals(1, out.size(), out.toString());
        assertEquals(Decision.ADULT, out.get(0).decision(), out.toString());
        assertEquals(3, out.get(0).shotsUsed(), out.toString());
    }

    @Test
    void mostlyCoveredAtTheDeadlineIsCheckIdEvenWithSomeGoodShots() {
        // two good shots (too few to decide) among many covered ones, then the person is gone: decided when lost
        boolean[] frames = new boolean[30];
        for (int i = 0; i < 12; i++) {
            frames[i] = i != 4 && i != 9;
        }
        List<EntryDecision> out = new ArrayList<>();
        long t0 = Synth.SCHOOL_DAY;
        try (EntranceGuard g = guard().fusion(FusionConfig.custom().bestK(20).build()).build()) {
            for (int i = 0; i < frames.length; i++) {
                ImageFrame f = i < 12 ? (frames[i] ? covered : clean) : blank();
                out.addAll(g.process(f.withTimestamp(t0 + 100L * i, "door")));
            }
        }
        assertEquals(1, out.size(), out.toString());
        assertEquals(Decision.CHECK_ID, out.get(0).decision(), out.toString());
        assertTrue(out.get(0).reason().contains("eyes covered in 10 of 12 shots"), out.get(0).reason());
    }

    @Test
    void offMeansCoveredShotsCount() {
        List<EntryDecision> out = run(guard().quality(FaceQuality.custom().occlusionCheck(false).build()),
                true, true, true, true, true, true);
        assertEquals(1, out.size(), out.toString());
        assertEquals(Decision.ADULT, out.get(0).decision(), out.toString());
    }

    private static ImageFrame blank() {
        return ImageFrame.of(BLANK, 512, 512, clean.format());
    }
}
