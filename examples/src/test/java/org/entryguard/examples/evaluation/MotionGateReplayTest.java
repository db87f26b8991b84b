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
 * Issue 15 item 2 on real clips and the bundled models: the motion gate decides every visit as the ungated guard does.
 * Decoding goes through the ffmpeg program JavaCV ships, so the test needs no system package.
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

    @Test
    void aDoorThatIsEmptyNineTenthsOfTheTimeSavesMostDetectorRunsAndLosesNoVisit() throws Exception {
        Path clip = tmp.resolve("door10.mp4");
        Process p = new ProcessBuilder("bash", ROOT.resolve("benchmarks/scripts/make-door-clip.sh").toString(), clip.toString(),
                "704x576", "36", "2").inheritIO().start();
        assertEquals(0, p.waitFor(), "make-door-clip.sh");
        assertTrue(Files.size(clip) > 0);
        MotionGateReplay.Result r = MotionGateReplay.replay(clip, 10, 704, 576, MotionGate.ofDefaults(), models);
        assertEquals(800, r.frames(), "80 s at 10 fps");
        assertEquals(2, r.without().size(), "two walks up to the door: " + r.without());
        assertEquals(r.without(), r.with());
        assertTrue(r.avoidedShare() >= 0.8, r.json(clip.toString()));
    }
}
