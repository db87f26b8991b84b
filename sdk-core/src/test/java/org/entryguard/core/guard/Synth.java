package org.entryguard.core.guard;

import org.entryguard.core.ledger.EntryDecision;
import org.entryguard.core.ledger.EntryListener;

import org.entryguard.core.rules.VenueRules;
import org.entryguard.core.ledger.OutcomeChange;
import org.entryguard.core.ledger.VisitLedger;
import org.entryguard.core.ledger.VisitOutcome;

import org.entryguard.core.AgeEstimate;
import org.entryguard.core.AgeEstimator;
import org.entryguard.core.Face;
import org.entryguard.core.FaceBox;
import org.entryguard.core.FaceDetector;
import org.entryguard.core.ImageFrame;
import org.entryguard.core.PixelFormat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * Synthetic scenes for unit-testing the decision logic without the ONNX models: scripted people move over a
 * grey canvas as textured, coloured "faces"; a fake {@link FaceDetector} reports their scripted boxes and a fake
 * {@link AgeEstimator} their scripted ages. This is deliberate: it tests tracking, direction, quality, fusion,
 * rules and the listener contract in isolation and deterministically. The real models are exercised end to
 * end in {@link RealModelSequenceTest}.
 */
public final class Synth {
    private static java.time.Instant beijing(int y, int m, int d, int h) {
        return java.time.LocalDateTime.of(y, m, d, h, 0).atZone(ZoneId.of("Asia/Shanghai")).toInstant();
    }

    static final int W = 640;
    static final int H = 480;
    static final long FRAME_MS = 100;
    /** 2026-10-12 15:00 Beijing, a Monday school day. */
    public static final long SCHOOL_DAY = beijing(2026, 10, 12, 15).toEpochMilli();
    /** 2026-10-02 15:00 Beijing, National Day holiday. */
    public static final long NATIONAL_DAY = beijing(2026, 10, 2, 15).toEpochMilli();

    private Synth() {
    }

    /** A scripted person: where their face is on each frame (null: not visible), their age and look. */
    record Person(String name, float age, int rgb, IntFunction<FaceBox> path, boolean blurry) {
        Person(String name, float age, int rgb, IntFunction<FaceBox> path) {
            this(name, age, rgb, path, false);
        }

        Person blurred() { return new Person(name, age, rgb, path, true); }
    }

    /** Moves a square face linearly from (x0,y0,s0) to (x1,y1,s1) (centre and side) over frames [from, to]. */
    static IntFunction<FaceBox> walk(int from, int to, float x0, float y0, float s0, float x1, float y1, float s1) {
        return i -> {
            if (i < from || i > to) {
                return null;
            }
            float f = to == from ? 1f : (i - from) / (float) (to - from);
            float cx = x0 + f * (x1 - x0);
            float cy = y0 + f * (y1 - y0);
            float s = s0 + f * (s1 - s0);
            return new FaceBox(cx - s / 2, cy - s / 2, s, s);
        };
    }

    /** Walking in from the top of the frame to the bottom (across a horizontal door at y = 0.5, inside below). */
    static IntFunction<FaceBox> walkIn(int from, int to, float x) {
        return walk(from, to, x, 110, 90, x, 380, 130);
    }

    /** Walking out: bottom to top. */
    static IntFunction<FaceBox> walkOut(int from, int to, float x) {
        return walk(from, to, x, 380, 130, x, 110, 90);
    }

    /** Combines path segments: the first non-null box wins. */
    @SafeVarargs
    static IntFunction<FaceBox> path(IntFunction<FaceBox>... parts) {
        return i -> {
            for (IntFunction<FaceBox> p : parts) {
                FaceBox b = p.apply(i);
                if (b != null) {
                    return b;
                }
            }
            return null;
        };
    }

    /** The door used by most scenarios: a horizontal line across the middle, inside below. */
    static Door door() { return Door.horizontalLine(0.5f, true); }

    /** A scene: people, frame times, missed detections. Renders into one reused buffer like a camera loop. */
    static final class Scene {
        final List<Person> people = new ArrayList<>();
        final Set<Integer> missed = new HashSet<>();
        final long t0;
        final byte[] buffer = new byte[W * H * 3];
        String camera = "door-1";

        Scene(long t0) {
            this.t0 = t0;
        }

        Scene with(Person p) {
            people.add(p);
            return this;
        }

        Scene missing(int... frames) {
            for (int f : frames) {
                missed.add(f);
            }
            return this;
        }

        long time(int i) { return t0 + i * FRAME_MS; }

        int index(ImageFrame f) { return (int) Math.round((f.timestampMillis() - t0) / (double) FRAME_MS); }

        ImageFrame frame(int i) {
            Arrays.fill(buffer, (byte) 128);
            for (Person p : people) {
                FaceBox b = p.path().apply(i);
                if (b != null) {
                    paint(p, b);
                }
            }
            return ImageFrame.of(buffer, W, H, W * 3, PixelFormat.RGB, time(i), camera);
        }

        /** Texture fixed to the face (so it moves and scales with it); flat when the person is "blurry". */
        private void paint(Person p, FaceBox b) {
            int x0 = Math.max(0, (int) b.x());
            int y0 = Math.max(0, (int) b.y());
            int x1 = Math.min(W, (int) b.right());
            int y1 = Math.min(H, (int) b.bottom());
            int r = (p.rgb() >> 16) & 0xff;
            int g = (p.rgb() >> 8) & 0xff;
            int bl = p.rgb() & 0xff;
            for (int y = y0; y < y1; y++) {
                int v = (int) ((y - b.y()) * 32 / b.height());
                for (int x = x0; x < x1; x++) {
                    int u = (int) ((x - b.x()) * 32 / b.width());
                    int n = p.blurry() ? (u + v) / 2 - 16 : ((hash(u, v) & 63) - 32);
                    int o = (y * W + x) * 3;
                    buffer[o] = (byte) clamp(r + n);
                    buffer[o + 1] = (byte) clamp(g + n);
                    buffer[o + 2] = (byte) clamp(bl + n);
                }
            }
        }

        /** Runs frames [from, to] through the guard; returns all decisions made. */
        List<EntryDecision> run(EntranceGuard guard, int from, int to) {
            List<EntryDecision> out = new ArrayList<>();
            for (int i = from; i <= to; i++) {
                out.addAll(guard.process(frame(i)));
            }
            return out;
        }

        Person personAt(int i, FaceBox box) {
            Person best = null;
            float bestIou = 0.3f;
            for (Person p : people) {
                FaceBox b = p.path().apply(i);
                if (b != null && b.iou(box) > bestIou) {
                    bestIou = b.iou(box);
                    best = p;
                }
            }
            return best;
        }
    }

    private static int hash(int u, int v) {
        int h = u * 73856093 ^ v * 19349663;
        h ^= h >>> 13;
        h *= 0x5bd1e995;
        return h ^ (h >>> 15);
    }

    private static int clamp(int v) { return Math.max(0, Math.min(255, v)); }

    /** Reports the scripted boxes of visible people; drops the scene's missed frames. */
    static final class FakeDetector implements FaceDetector {
        final Scene scene;
        int calls;

        FakeDetector(Scene scene) {
            this.scene = scene;
        }

        @Override
        public List<Face> detect(ImageFrame frame) {
            calls++;
            int i = scene.index(frame);
            List<Face> faces = new ArrayList<>();
            if (scene.missed.contains(i)) {
                return faces;
            }
            for (Person p : scene.people) {
                FaceBox b = p.path().apply(i);
                if (b != null) {
                    faces.add(new Face(b, 0.9f));
                }
            }
            return faces;
        }

        @Override
        public FaceDetector newInstance() { return new FakeDetector(scene); }

        @Override
        public void close() {
        }
    }

    /**
     * 68 points of an average frontal face laid on the box (iBUG order), so that the eyes-visible check measures
     * the painted face's eye region and cheeks; on these evenly painted faces the eyes always count as visible.
     */
    static final class FakeLandmarks implements org.entryguard.core.LandmarkDetector {
        @Override
        public float[] detect(ImageFrame frame, FaceBox b) {
            float[] p = new float[136];
            for (int i = 0; i < 68; i++) {
                double u;
                double v;
                if (i < 17) {            // jaw
                    double a = Math.PI * i / 16;
                    u = 0.5 - 0.45 * Math.cos(a);
                    v = 0.45 + 0.45 * Math.sin(a);
                } else if (i < 27) {     // brows
                    u = 0.15 + 0.7 * (i - 17) / 9.0;
                    v = 0.3;
                } else if (i < 36) {     // nose
                    u = i < 31 ? 0.5 : 0.4 + 0.05 * (i - 31);
                    v = i < 31 ? 0.4 + 0.05 * (i - 27) : 0.62;
                } else if (i < 48) {     // eyes: six points round each centre
                    double cx = i < 42 ? 0.32 : 0.68;
                    double a = 2 * Math.PI * ((i - 36) % 6) / 6;
                    u = cx + 0.08 * Math.cos(a);
                    v = 0.42 + 0.03 * Math.sin(a);
                } else {                 // mouth
                    double a = 2 * Math.PI * (i - 48) / 20;
                    u = 0.5 + 0.15 * Math.cos(a);
                    v = 0.78 + 0.04 * Math.sin(a);
                }
                p[2 * i] = (float) (b.x() + u * b.width());
                p[2 * i + 1] = (float) (b.y() + v * b.height());
            }
            return p;
        }

        @Override
        public org.entryguard.core.LandmarkDetector newInstance() { return new FakeLandmarks(); }

        @Override
        public void close() {
        }
    }

    /** Returns the scripted age of the person at the box, with a deterministic ±1 y wobble per call. */
    static final class FakeEstimator implements AgeEstimator {
        final Scene scene;
        int calls;

        FakeEstimator(Scene scene) {
            this.scene = scene;
        }

        @Override
        public AgeEstimate estimate(ImageFrame frame, FaceBox box) {
            calls++;
            Person p = scene.personAt(scene.index(frame), box);
            float wobble = (calls % 3) - 1f;
            return new AgeEstimate(p == null ? 30f : p.age() + wobble, 5.69f);
        }

        @Override
        public AgeEstimator newInstance() { return new FakeEstimator(scene); }

        @Override
        public void close() {
        }
    }

    /** Records listener calls. */
    public static final class Recorder implements EntryListener {
        public final List<EntryDecision> decisions = new ArrayList<>();
        public final List<VisitOutcome> recorded = new ArrayList<>();
        public final List<VisitOutcome> resolved = new ArrayList<>();
        public final List<VisitOutcome> overdue = new ArrayList<>();
        public final List<VisitOutcome> expired = new ArrayList<>();

        @Override
        public void onDecision(EntryDecision decision) { decisions.add(decision); }

        @Override
        public void onOutcome(OutcomeChange change, VisitOutcome outcome) {
            switch (change) {
                case RECORDED -> recorded.add(outcome);
                case RESOLVED -> resolved.add(outcome);
                case GUARDIAN_OVERDUE -> overdue.add(outcome);
                case ID_CHECK_EXPIRED -> expired.add(outcome);
            }
        }

        public long perVisit(String visitId) { return decisions.stream().filter(d -> d.visitId().equals(visitId)).count(); }
    }

    /** A clock tests move by hand. */
    public static final class TestClock extends Clock {
        public long millis;

        public TestClock(long millis) {
            this.millis = millis;
        }

        @Override
        public ZoneId getZone() { return ZoneOffset.UTC; }

        @Override
        public Clock withZone(ZoneId zone) { return this; }

        @Override
        public Instant instant() { return Instant.ofEpochMilli(millis); }

        @Override
        public long millis() { return millis; }
    }

    /** A guard on the fakes for a scene. */
    static EntranceGuard.Builder guard(Scene scene, VenueRules rules, Recorder rec, Clock clock) {
        return EntranceGuard.custom(rules).detector(new FakeDetector(scene)).estimator(new FakeEstimator(scene))
                .landmarks(new FakeLandmarks()).listener(rec).clock(clock).door(door()).ledger(manualLedger(clock));
    }

    /** A ledger ticked by the test (no thread), on the test's clock. */
    public static VisitLedger manualLedger(Clock clock) {
        return VisitLedger.custom().clock(clock).tickEvery(java.time.Duration.ZERO).build();
    }
}
