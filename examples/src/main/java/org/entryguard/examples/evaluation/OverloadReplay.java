package org.entryguard.examples.evaluation;

import org.entryguard.core.ImageFrame;
import org.entryguard.core.Models;
import org.entryguard.core.PixelFormat;
import org.entryguard.core.guard.Door;
import org.entryguard.core.guard.EntranceGuard;
import org.entryguard.core.guard.MotionGate;
import org.entryguard.core.ledger.EntryDecision;
import org.entryguard.core.rules.VenueRules;
import org.entryguard.core.rules.VenueType;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A door clip replayed through one gated guard as a saturated gateway analyses it (issue 15): the clip's frames at
 * their own rate (25 fps), 10 of them a second picked by the stream's clock, and now and then a stall — the
 * analysis pool busy with other cameras — during which no frame is analysed and after which the newest one is.
 * The clip is played {@code approaches} times, each followed by 15 s of empty door, so every approach is a new
 * visit. Which frames meet the detector changes with the stalls; what must not change is one decision per
 * approach, on the person's face. Seeded, so a run repeats exactly.
 *
 * <pre>
 * java -cp examples/target/entryguard.jar org.entryguard.examples.evaluation.OverloadReplay CLIP [APPROACHES=30]
 *      [STALL_PROBABILITY=0.05] [STALL_MAX_MS=400] [SEED=1]
 * </pre>
 * (make a clip with {@code benchmarks/scripts/make-door-clip.sh door.mp4 704x576 6 1}).
 */
public final class OverloadReplay {
    private static final Instant SCHOOL_DAY = Instant.parse("2026-10-12T07:00:00Z");
    private static final long FRAME_MS = 40;

    /**
     * What the replay gave.
     *
     * @param approaches times the clip was played
     * @param analysed frames handed to the guard
     * @param decisions each decision with the approach it came in
     */
    public record Result(int approaches, int analysed, List<Decided> decisions) {
        /** Approaches with more than one decision. */
        public long split() {
            return perApproach().stream().filter(n -> n > 1).count();
        }

        /** Approaches with none. */
        public long missed() {
            return perApproach().stream().filter(n -> n == 0).count();
        }

        private List<Integer> perApproach() {
            List<Integer> n = new ArrayList<>();
            for (int i = 0; i < approaches; i++) {
                n.add(0);
            }
            decisions.forEach(d -> n.set(d.approach(), n.get(d.approach()) + 1));
            return n;
        }

        /** One JSON line. */
        public String json() {
            return String.format(Locale.ROOT, "{\"approaches\": %d, \"analysed\": %d, \"decisions\": %d, \"split\": %d, "
                    + "\"missed\": %d}", approaches, analysed, decisions.size(), split(), missed());
        }
    }

    /** A decision and the approach it belongs to. */
    public record Decided(int approach, EntryDecision decision) {
    }

    private OverloadReplay() {
    }

    /** Command line: see the class comment. */
    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length < 1) {
            System.err.println("usage: OverloadReplay CLIP [APPROACHES=30] [STALL_PROBABILITY=0.05] [STALL_MAX_MS=400] [SEED=1]");
            System.exit(2);
        }
        Path clip = Path.of(args[0]);
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        double p = args.length > 2 ? Double.parseDouble(args[2]) : 0.05;
        int max = args.length > 3 ? Integer.parseInt(args[3]) : 400;
        long seed = args.length > 4 ? Long.parseLong(args[4]) : 1;
        int[] size = MotionGateReplay.probeSize(clip);
        try (Models models = Models.ofDefaults()) {
            Result r = replay(clip, size[0], size[1], n, p, max, seed, models);
            for (Decided d : r.decisions()) {
                System.err.println("approach " + d.approach() + ": " + MotionGateReplay.lines(List.of(d.decision())).get(0));
            }
            System.out.println(r.json());
        }
    }

    /**
     * Replays {@code clip} (decoded at its own rate, scaled to w×h) {@code approaches} times.
     *
     * @param stallProbability chance, per frame that would be analysed, that the analysis stalls instead
     * @param stallMaxMillis a stall lasts one frame plus up to this long
     */
    public static Result replay(Path clip, int w, int h, int approaches, double stallProbability, int stallMaxMillis,
                                long seed, Models models) throws IOException, InterruptedException {
        List<byte[]> frames = decode(clip, w, h);
        FrameClock clock = new FrameClock(SCHOOL_DAY.toEpochMilli());
        Random random = new Random(seed);
        List<Decided> out = new ArrayList<>();
        int analysed = 0;
        long base = SCHOOL_DAY.toEpochMilli();
        try (EntranceGuard g = EntranceGuard.custom(VenueRules.custom(VenueType.KTV).challengeAge(35).build())
                .cameraId("door").clock(clock).door(Door.anywhere()).detector(models.newDetector())
                .estimator(models.newEstimator()).landmarks(models.newLandmarks()).motionGate(MotionGate.ofDefaults())
                .build()) {
            for (int a = 0; a < approaches; a++) {
                long due = 0;
                long stalledUntil = -1;
                for (int i = 0; i < frames.size(); i++) {
                    long t = i * FRAME_MS;
                    if (t < due || t < stalledUntil) {
                        continue;
                    }
                    if (random.nextDouble() < stallProbability) {
                        stalledUntil = t + FRAME_MS + random.nextInt(stallMaxMillis);
                        continue;
                    }
                    due = Math.max(due + 100, t - FRAME_MS); // 10 of 25 fps by the stream's clock, as RatePacer
                    analysed++;
                    for (EntryDecision d : g.process(frame(frames.get(i), w, h, base + t, clock))) {
                        out.add(new Decided(a, d));
                    }
                }
                long end = frames.size() * FRAME_MS;
                for (int k = 0; k < 150; k++) { // 15 s of empty door: the person is gone and out of the revisit window
                    for (EntryDecision d : g.process(frame(frames.get(0), w, h, base + end + k * 100L, clock))) {
                        out.add(new Decided(a, d));
                    }
                }
                base += end + 15_000;
            }
        }
        return new Result(approaches, analysed, out);
    }

    private static ImageFrame frame(byte[] px, int w, int h, long t, FrameClock clock) {
        clock.now = t;
        return ImageFrame.of(px, w, h, w * 3, PixelFormat.BGR, t, "door");
    }

    private static List<byte[]> decode(Path clip, int w, int h) throws IOException, InterruptedException {
        Process p = MotionGateReplay.decodeBgr(clip, "scale=" + w + ":" + h);
        List<byte[]> frames = new ArrayList<>();
        try (DataInputStream in = new DataInputStream(p.getInputStream())) {
            while (true) {
                byte[] px = new byte[w * h * 3];
                try {
                    in.readFully(px);
                } catch (EOFException end) {
                    break;
                }
                frames.add(px);
            }
        } finally {
            p.destroy();
        }
        if (frames.isEmpty()) {
            throw new IOException("ffmpeg could not decode " + clip + " (exit " + p.waitFor() + ")");
        }
        return frames;
    }

    /** The guard's clock follows the frames, as a live camera's would. */
    private static final class FrameClock extends Clock {
        volatile long now;

        FrameClock(long now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() { return ZoneId.of("Asia/Shanghai"); }

        @Override
        public Clock withZone(ZoneId zone) { return this; }

        @Override
        public Instant instant() { return Instant.ofEpochMilli(now); }

        @Override
        public long millis() { return now; }
    }
}
