package org.entryguard.examples.evaluation;

import org.entryguard.core.FaceBox;
import org.entryguard.core.Models;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 15: the 300 s capacity run split a visit, and replaying the door clip with stalls between analysed frames
 * reproduced it: with seed 1, approaches 2, 3 and 6 of the first ten each got a second CHECK_ID for a "face" on the
 * chest (box top ≈ 364 px, the real face's ≈ 250 px; "only 2 of 3 good shots before the person left the view"),
 * because the stalls brought the detector's two false detections there (0.66, 0.52) onto consecutive analysed
 * frames. Real clip, real models, real decoding (the ffmpeg program JavaCV ships; the clip from the system ffmpeg,
 * as {@code MotionGateReplayTest}). Asserted: no decision on the chest, none missed. Not asserted: no split at all —
 * a far face the detector barely sees can still break into a fragment after a long stall (1–2 of 30 approaches on
 * other seeds, BENCHMARKS.md), and which one does depends on scores near the threshold that vary across CPUs.
 */
class OverloadReplayTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
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
    void stallsBetweenAnalysedFramesDoNotMakeTheChestASecondPerson() throws Exception {
        Path clip = tmp.resolve("door6.mp4");
        Process p = new ProcessBuilder("bash", ROOT.resolve("benchmarks/scripts/make-door-clip.sh").toString(), clip.toString(),
                "704x576", "6", "1").inheritIO().start();
        assertEquals(0, p.waitFor(), "make-door-clip.sh");
        OverloadReplay.Result r = OverloadReplay.replay(clip, 704, 576, 10, 0.05, 400, 1, models);
        assertTrue(r.analysed() < 10 * 100, "stalls left frames out: " + r.json());
        assertEquals(0, r.missed(), "every approach decided: " + r.json());
        for (OverloadReplay.Decided d : r.decisions()) {
            FaceBox b = d.decision().faceBox();
            assertTrue(b.y() < 320, "approach " + d.approach() + " decided on a box below the face (the chest): " + d.decision());
        }
        System.out.println("OverloadReplay seed 1, 10 approaches: " + r.json());
    }
}
