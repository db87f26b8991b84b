package org.entryguard.examples.evaluation;

import org.entryguard.core.Models;
import org.entryguard.core.guard.MotionGate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 15 on real clips and the bundled models: the motion gate decides every visit as the ungated guard does (item
 * 2), and stalls between analysed frames do not split a visit ({@link OverloadReplay}). Decoding goes through the
 * ffmpeg program JavaCV ships; the door clips come from the system ffmpeg ({@code make-door-clip.sh}).
 */
class MotionGateReplayTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Path SAMPLE = ROOT.resolve("examples/src/main/resources/org/entryguard/examples/samples/door-approach.mp4");
    private static Models models;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void load() {
        models = Models.ofDefaults();
    }

    @AfterAll
    static void close() {
        models.close();
    }

    @Test
    void theBundledClipIsDecidedTheSameWithTheGate() throws Exception {
        MotionGateReplay.Result r = MotionGateReplay.replay(SAMPLE, 10, 640, 480, MotionGate.ofDefaults(), models);
        assertEquals(40, r.frames());
        assertEquals(1, r.without().size(), "the sample is one visit: " + r.without());
        assertEquals(r.without(), r.with());
        assertEquals(0, r.avoided(), "someone is in view on every frame");
    }

    /** {@code make-door-clip.sh}: EMPTY seconds of empty door then the 4 s approach, REPEAT times, 704×576. */
    private static Path doorClip(String name, int emptySeconds, int repeat) throws Exception {
        Path clip = tmp.resolve(name);
        Process p = new ProcessBuilder("bash", ROOT.resolve("benchmarks/scripts/make-door-clip.sh").toString(), clip.toString(),
                "704x576", String.valueOf(emptySeconds), String.valueOf(repeat)).inheritIO().start();
        assertEquals(0, p.waitFor(), "make-door-clip.sh");
        assertTrue(Files.size(clip) > 0);
        return clip;
    }

    @Test
    void aDoorThatIsEmptyNineTenthsOfTheTimeSavesMostDetectorRunsAndLosesNoVisit() throws Exception {
        Path clip = doorClip("door10.mp4", 36, 2);
        MotionGateReplay.Result r = MotionGateReplay.replay(clip, 10, 704, 576, MotionGate.ofDefaults(), models);
        assertEquals(800, r.frames(), "80 s at 10 fps");
        assertEquals(2, r.without().size(), "two walks up to the door: " + r.without());
        assertEquals(r.without(), r.with());
        assertTrue(r.avoidedShare() >= 0.8, r.json(clip.toString()));
    }

    /**
     * The 300 s capacity run split a visit, and replaying the door clip with stalls between analysed frames
     * reproduced it: with seed 1, approaches 2, 3 and 6 of the first ten each got a second CHECK_ID for a "face" on the
     * chest (box top ≈ 364 px, the real face's ≈ 250 px; "only 2 of 3 good shots before the person left the view"),
     * because the stalls brought the detector's two false detections there (0.66, 0.52) onto consecutive analysed
     * frames (it fails with the old one-confident-hit rule). Asserted: no decision on the chest, none missed. Not asserted: no split at all —
     * a far face the detector barely sees can still break into a fragment after a long stall (1–2 of 30 approaches on
     * other seeds, BENCHMARKS.md), and which one does depends on scores near the threshold that vary across CPUs.
     */
    @Test
    void stallsBetweenAnalysedFramesDoNotMakeTheChestASecondPerson() throws Exception {
        OverloadReplay.Result r = OverloadReplay.replay(doorClip("door6.mp4", 6, 1), 704, 576, 10, 0.05, 400, 1, models);
        assertTrue(r.analysed() < 10 * 100, "stalls left frames out: " + r.json());
        assertEquals(0, r.missed(), "every approach decided: " + r.json());
        for (OverloadReplay.Decided d : r.decisions()) {
            org.entryguard.core.FaceBox b = d.decision().faceBox();
            assertTrue(b.y() < 320, "approach " + d.approach() + " decided on a box below the face (the chest): " + d.decision());
        }
        System.out.println("OverloadReplay seed 1, 10 approaches: " + r.json());
    }
}
