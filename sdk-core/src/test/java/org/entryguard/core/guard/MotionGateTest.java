package org.entryguard.core.guard;

import org.entryguard.core.ImageFrame;
import org.entryguard.core.PixelFormat;
import org.entryguard.core.guard.Synth.FakeDetector;
import org.entryguard.core.guard.Synth.Person;
import org.entryguard.core.guard.Synth.Recorder;
import org.entryguard.core.guard.Synth.Scene;
import org.entryguard.core.guard.Synth.TestClock;
import org.entryguard.core.ledger.EntryDecision;
import org.entryguard.core.rules.VenueRules;
import org.entryguard.core.rules.VenueType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.entryguard.core.guard.Synth.SCHOOL_DAY;
import static org.entryguard.core.guard.Synth.walkIn;
import static org.entryguard.core.guard.Synth.walkOut;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The motion gate on painted scenes: the detector is a counting fake, the pixels are real. */
class MotionGateTest {
    private static final VenueRules KTV = VenueRules.ofDefaults(VenueType.KTV);
    private static final int SKIN = 0xC89678;

    /** A guard on the scene's fakes with the given gate; the detector is returned through {@code det}. */
    private static EntranceGuard guard(Scene s, MotionGate gate, FakeDetector det, Recorder rec) {
        return Synth.guard(s, KTV, rec, new TestClock(s.t0)).detector(det).motionGate(gate).build();
    }

    /** The parts of a decision that must not depend on the gate (visit ids and decision times included). */
    private static List<String> essence(List<EntryDecision> ds) {
        List<String> out = new ArrayList<>();
        for (EntryDecision d : ds) {
            out.add(d.visitId() + " " + d.decision() + " " + d.admitted() + " " + d.age() + " " + d.shotsUsed() + " "
                    + d.reason() + " " + d.decidedAt() + " " + d.faceBox());
        }
        return out;
    }

    @Test
    void anEmptyDoorIsLeftAloneAndEveryVisitIsDecidedAsWithoutTheGate() {
        // three people over 20 s at 10 fps, nobody at the door most of the time; one walks out, one steps back in
        Scene s = new Scene(SCHOOL_DAY)
                .with(new Person("adult", 35f, SKIN, walkIn(30, 45, 320)))
                .with(new Person("minor", 14f, 0x9A6A50, walkIn(90, 105, 250)))
                .with(new Person("leaver", 16f, 0xB08060, walkOut(150, 165, 400)));
        FakeDetector off = new FakeDetector(s);
        FakeDetector on = new FakeDetector(s);
        List<EntryDecision> without;
        List<EntryDecision> with;
        long avoided;
        try (EntranceGuard g = guard(s, MotionGate.off(), off, new Recorder())) {
            without = s.run(g, 0, 199);
            assertEquals(0, g.detectorRunsAvoided());
        }
        try (EntranceGuard g = guard(s, MotionGate.ofDefaults(), on, new Recorder())) {
            with = s.run(g, 0, 199);
            avoided = g.detectorRunsAvoided();
        }
        assertEquals(2, without.size(), "the adult and the minor walking in; the leaver is not judged: " + without);
        assertEquals(essence(without), essence(with));
        assertEquals(200, off.calls);
        assertEquals(200 - avoided, on.calls, "every avoided frame is a detector run saved");
        // 48 frames with someone in view plus the tracks' tails are analysed, and about one empty frame in 20
        assertTrue(avoided > 110, "avoided " + avoided + " of 200");
    }

    @Test
    void aFollowedFaceIsAnalysedOnEveryFrameEvenWhenItStandsStill() {
        // walks in, then stands still at the same spot for 3 s: nothing changes, but the track is open
        Scene s = new Scene(SCHOOL_DAY).with(new Person("stander", 35f, SKIN,
                Synth.path(walkIn(10, 20, 320), Synth.walk(21, 50, 320, 380, 130, 320, 380, 130))));
        FakeDetector det = new FakeDetector(s);
        try (EntranceGuard g = guard(s, MotionGate.ofDefaults(), det, new Recorder())) {
            s.run(g, 0, 50);
            // frames 1..9 are the empty door, unchanged since frame 0: left alone; from 10 on someone is there
            assertEquals(9, g.detectorRunsAvoided());
            assertEquals(42, det.calls);
        }
    }

    @Test
    void sensorNoiseDoesNotOpenTheGateButTheIntervalDoes() {
        byte[] px = new byte[640 * 480 * 3];
        Random r = new Random(7);
        MotionGate gate = MotionGate.custom().maxInterval(Duration.ofSeconds(2)).build();
        MotionCheck m = new MotionCheck(gate, null);
        int analysed = 0;
        for (int i = 0; i < 100; i++) { // 10 s at 10 fps of a flat wall with ±6 levels of noise on every pixel
            for (int k = 0; k < px.length; k++) {
                px[k] = (byte) (120 + r.nextInt(13) - 6);
            }
            if (m.analyse(ImageFrame.of(px, 640, 480, 640 * 3, PixelFormat.BGR, 1_000 + i * 100L, "c"), 1_000 + i * 100L, false)) {
                analysed++;
            }
        }
        assertEquals(5, analysed, "the first frame and one every 2 s (frames 0, 20, 40, 60, 80)");
        assertEquals(95, m.avoided());
    }

    @Test
    void onlyTheDetectionRegionCounts() {
        byte[] px = new byte[640 * 480 * 3];
        java.util.Arrays.fill(px, (byte) 100);
        MotionCheck m = new MotionCheck(MotionGate.ofDefaults(), new float[] {0.5f, 0f, 0.5f, 1f}); // the right half
        ImageFrame f = ImageFrame.of(px, 640, 480, 640 * 3, PixelFormat.BGR, 0, "c");
        assertTrue(m.analyse(f.withTimestamp(1_000, "c"), 1_000, false), "the first frame is the reference");
        paint(px, 40, 100, 120, 160, (byte) 220); // a person in the left half: outside the region
        assertFalse(m.analyse(f.withTimestamp(1_100, "c"), 1_100, false));
        paint(px, 420, 100, 40, 50, (byte) 220); // a small face-sized change in the region: 40×50 px of 320×480
        assertTrue(m.analyse(f.withTimestamp(1_200, "c"), 1_200, false));
        assertFalse(m.analyse(f.withTimestamp(1_300, "c"), 1_300, false), "the change is now the reference");
        assertTrue(m.analyse(f.withTimestamp(1_400, "c"), 1_400, true), "busy: a track is open");
        assertTrue(m.analyse(f.withTimestamp(1_000, "c"), 1_000, false), "time went back (a file looped): analyse");
        ImageFrame small = ImageFrame.of(new byte[320 * 240 * 3], 320, 240, 320 * 3, PixelFormat.BGR, 1_100, "c");
        assertTrue(m.analyse(small, 1_100, false), "a new frame size is a new picture");
        assertEquals(2, m.avoided());
    }

    @Test
    void aPersonWhoBarelyDiffersFromTheDoorIsSeenOnlyAtTheIntervalUnlessTheThresholdIsLowered() {
        // the gate's known blind spot: someone as bright as the door behind them (8 grey levels apart) changes no cell
        // by more than the default 12 levels, so they are analysed only when maxInterval forces a frame
        byte[] px = new byte[640 * 480 * 3];
        java.util.Arrays.fill(px, (byte) 100);
        ImageFrame f = ImageFrame.of(px, 640, 480, 640 * 3, PixelFormat.BGR, 0, "c");
        MotionCheck byDefault = new MotionCheck(MotionGate.ofDefaults(), null);
        MotionCheck sensitive = new MotionCheck(MotionGate.custom().cellThreshold(6).build(), null);
        assertTrue(byDefault.analyse(f, 1_000, false));
        assertTrue(sensitive.analyse(f, 1_000, false));
        paint(px, 300, 100, 80, 300, (byte) 108);
        assertFalse(byDefault.analyse(f, 1_100, false), "missed until the interval: a documented limit");
        assertTrue(sensitive.analyse(f, 1_100, false));
        assertTrue(byDefault.analyse(f, 3_000, false), "maxInterval (2 s) after the last analysed frame");
    }

    @Test
    void badSettingsAreRefusedWithTheRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MotionGate.custom().cellThreshold(0));
        assertTrue(e.getMessage().contains("1..254"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MotionGate.custom().minChangedShare(0f));
        assertThrows(IllegalArgumentException.class, () -> MotionGate.custom().maxInterval(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> MotionGate.custom().gridWidth(2));
        assertFalse(MotionGate.off().enabled());
        assertTrue(MotionGate.ofDefaults().enabled());
        assertEquals(MotionGate.ofDefaults(), MotionGate.custom().build());
    }

    private static void paint(byte[] px, int x, int y, int w, int h, byte v) {
        for (int yy = y; yy < y + h; yy++) {
            java.util.Arrays.fill(px, (yy * 640 + x) * 3, (yy * 640 + x + w) * 3, v);
        }
    }
}
