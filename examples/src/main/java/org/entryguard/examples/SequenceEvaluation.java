package org.entryguard.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.entryguard.core.AgeEstimate;
import org.entryguard.core.AgeEstimator;
import org.entryguard.core.AgeEstimatorBuilder;
import org.entryguard.core.Face;
import org.entryguard.core.FaceBox;
import org.entryguard.core.FaceDetector;
import org.entryguard.core.FaceDetectorBuilder;
import org.entryguard.core.ImageFiles;
import org.entryguard.core.ImageFrame;
import org.entryguard.core.rules.Decision;
import org.entryguard.core.guard.Door;
import org.entryguard.core.guard.EntranceGuard;
import org.entryguard.core.guard.MotionGate;
import org.entryguard.core.ledger.EntryDecision;
import org.entryguard.core.rules.VenueRules;
import org.entryguard.examples.evaluation.DataSplit;
import org.entryguard.examples.evaluation.MotionGateReplay;
import org.entryguard.examples.evaluation.VisitSimulator;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code evaluate --sequences}: every labelled photo becomes a short door visit ({@link VisitSimulator}: a
 * 12-frame approach on a 600×700 canvas, then 8 empty frames) through a real {@link EntranceGuard} under the venue's
 * rules (KTV unless {@code --venue} says otherwise) on a school day. Reports per visit how many decisions were made
 * (must be one), how often a naive per-shot decision would have flipped, the stop/pass rates per visit next to the
 * single-photo rates under the same rules (one estimate on the photo in a 3× canvas), and the {@link DecisionReport}
 * over visits; writes {@code visits.csv}, one row per visit.
 */
final class SequenceEvaluation {
    /** 2026-10-12 15:00 Beijing: a Monday in term time. */
    static final Instant SCHOOL_DAY = Instant.parse("2026-10-12T07:00:00Z");

    /**
     * One visit.
     *
     * @param decisions how many decisions the guard made (one is right)
     * @param decision the first decision, null when none was made
     * @param fusedAge the first decision's age, NaN when none (likewise spread, minorProbability; reason "")
     * @param single the single-photo decision for comparison, null when no face was found (singleAge NaN)
     */
    record VisitResult(String file, int age, String gender, String race, String half, int decisions, Decision decision,
                       float fusedAge, float spread, float minorProbability, String reason, int perShotFlips,
                       Decision single, float singleAge) {
    }

    /** Empty frames before each visit when the motion gate is checked (2 s: the gate's longest default interval). */
    static final int GATE_LEAD_IN = 20;

    /**
     * One visit run twice in lockstep, without and with the motion gate, after {@link #GATE_LEAD_IN} empty frames.
     *
     * @param same whether both guards made the same decisions (visit, decision, age, shots, reason, time, box)
     * @param avoided frames the gated guard left unanalysed, of {@code frames}
     */
    record GateCheck(String file, boolean same, int frames, long avoided) {
    }

    private SequenceEvaluation() {
    }

    static int run(List<LabelledFolder.Entry> entries, Map<String, DataSplit.Half> split, VenueRules rules,
                   FaceDetectorBuilder detectorBuilder, AgeEstimatorBuilder estimatorBuilder,
                   int threads, Path outDir, PrintStream out, PrintStream err) {
        return run(entries, split, rules, detectorBuilder, estimatorBuilder, null, threads, outDir, out, err);
    }

    /**
     * @param gate when not null, each visit also runs through a guard with this gate after {@link #GATE_LEAD_IN}
     *             empty frames and the report gets a {@code motion_gate} object comparing the two
     */
    static int run(List<LabelledFolder.Entry> entries, Map<String, DataSplit.Half> split, VenueRules rules,
                   FaceDetectorBuilder detectorBuilder, AgeEstimatorBuilder estimatorBuilder, MotionGate gate,
                   int threads, Path outDir, PrintStream out, PrintStream err) {
        List<GateCheck> gateChecks = Collections.synchronizedList(new ArrayList<>());
        FaceDetector detector = detectorBuilder.build();
        AgeEstimator estimator = estimatorBuilder.build();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger done = new AtomicInteger();
        List<VisitResult> results = Collections.synchronizedList(new ArrayList<>());
        List<LabelledFolder.Entry> unreadable = Collections.synchronizedList(new ArrayList<>());
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (LabelledFolder.Entry e : entries) {
                futures.add(pool.submit(() -> {
                    VisitResult r = visit(e, split.get(e.file().getFileName().toString()), rules, detector, estimator,
                            gate, gateChecks);
                    if (r != null) {
                        results.add(r);
                    } else {
                        err.println("  skipped (unreadable): " + e.file());
                        unreadable.add(e);
                    }
                    int d = done.incrementAndGet();
                    if (d % 50 == 0 || d == entries.size()) {
                        err.printf("  %d/%d visits%n", d, entries.size());
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (Exception ex) {
            throw new IllegalStateException("sequence evaluation failed: " + ex.getMessage(), ex);
        } finally {
            pool.shutdown();
            detector.close();
            estimator.close();
        }
        if (EvaluateCommand.tooManyUnreadable(unreadable.stream().map(LabelledFolder.Entry::file).sorted().toList(), entries.size(),
                entries.get(0).file().getParent(), err)) {
            return 1;
        }
        List<VisitResult> sorted = new ArrayList<>(results);
        sorted.sort(Comparator.comparing(VisitResult::file));
        ObjectNode report = report(sorted, rules, unreadable.size());
        if (gate != null) {
            gateReport(report, gate, gateChecks);
        }
        try {
            Files.createDirectories(outDir);
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(outDir.resolve("report.json").toFile(), report);
            writeVisits(sorted, unreadable, split, rules, outDir.resolve("visits.csv"));
        } catch (IOException e) {
            err.println("error: cannot write the report to " + outDir + ": " + e.getMessage());
            return 1;
        }
        out.println(report.toPrettyString());
        out.println("wrote " + outDir.resolve("report.json") + ", visits.csv");
        return 0;
    }

    /** {@code visits.csv}: one row per visit (unreadable photos included, without a decision), sorted by file. */
    private static void writeVisits(List<VisitResult> visits, List<LabelledFolder.Entry> unreadable, Map<String, DataSplit.Half> split,
                                    VenueRules rules, Path file) throws IOException {
        List<String> rows = new ArrayList<>();
        for (VisitResult v : visits) {
            rows.add(Csv.row(v.file(), v.age(), v.gender(), v.race(), v.half(), v.decision() == null ? "" : v.decision().name(),
                    Csv.num(v.fusedAge(), 2), Csv.num(v.spread(), 2), Csv.num(v.minorProbability(), 4),
                    v.decision() == null ? "no decision during the visit" : v.reason()));
        }
        for (LabelledFolder.Entry e : unreadable) {
            String name = e.file().getFileName().toString();
            DataSplit.Half h = split.get(name);
            rows.add(Csv.row(name, e.age(), e.gender(), e.group(), h == null ? "" : h.label(), "", "", "", "", "unreadable photo"));
        }
        rows.sort(Comparator.naturalOrder());
        Files.writeString(file, Csv.row("file", "age", "gender", "race", "half", "decision", "calibrated_age", "spread", "p_minor", "reason")
                + String.join("", rows));
    }

    /** The visit, or null when the photo cannot be read. */
    private static VisitResult visit(LabelledFolder.Entry e, DataSplit.Half half, VenueRules rules, FaceDetector sharedDetector,
                                     AgeEstimator sharedEstimator, MotionGate gate, List<GateCheck> gateChecks) {
        BufferedImage img;
        try {
            img = ImageIO.read(e.file().toFile());
        } catch (IOException ex) {
            return null;
        }
        if (img == null) {
            return null;
        }
        BufferedImage photo = VisitSimulator.bgr(img);
        BufferedImage blurred = VisitSimulator.blur(photo, 2.5);
        VisitSimulator sim = new VisitSimulator(600, 700, 140, 230);
        FaceDetector detector = sharedDetector.newInstance();
        AgeEstimator inner = sharedEstimator.newInstance();
        List<AgeEstimate> shots = new ArrayList<>();
        AgeEstimator recording = new AgeEstimator() {
            @Override
            public AgeEstimate estimate(ImageFrame frame, FaceBox box) {
                AgeEstimate a = inner.estimate(frame, box);
                shots.add(a);
                return a;
            }

            @Override
            public AgeEstimate estimate(ImageFrame frame, FaceBox box, float[] landmarks) {
                AgeEstimate a = inner.estimate(frame, box, landmarks); // the guard's landmarks: no second landmark run
                shots.add(a);
                return a;
            }

            @Override
            public AgeEstimator newInstance() { return inner.newInstance(); }

            @Override
            public void close() { inner.close(); }
        };
        List<EntryDecision> decisions = new ArrayList<>();
        FaceDetector gatedDetector = gate == null ? null : sharedDetector.newInstance();
        AgeEstimator gatedEstimator = gate == null ? null : sharedEstimator.newInstance();
        try (EntranceGuard guard = EntranceGuard.custom(rules).detector(detector).estimator(recording)
                .door(Door.horizontalLine(0.5f, true)).cameraId("door-cam")
                .clock(Clock.fixed(SCHOOL_DAY, ZoneId.of("Asia/Shanghai"))).build();
             EntranceGuard gated = gate == null ? null : EntranceGuard.custom(rules).detector(gatedDetector)
                .estimator(gatedEstimator).door(Door.horizontalLine(0.5f, true)).cameraId("door-cam")
                .clock(Clock.fixed(SCHOOL_DAY, ZoneId.of("Asia/Shanghai"))).motionGate(gate).build()) {
            long start = SCHOOL_DAY.toEpochMilli();
            if (gated == null) {
                for (int i = 0; i < sim.frames(); i++) {
                    decisions.addAll(guard.process(sim.frame(i, photo, blurred, start, "door-cam")));
                }
            } else {
                List<EntryDecision> gatedDecisions = new ArrayList<>();
                int frames = 0;
                for (int k = 0; k < GATE_LEAD_IN; k++, frames++) { // the empty door before the person arrives
                    long t = start - (GATE_LEAD_IN - k) * VisitSimulator.FRAME_MILLIS;
                    ImageFrame empty = sim.frame(VisitSimulator.FRAMES, photo, blurred, t - VisitSimulator.FRAMES * VisitSimulator.FRAME_MILLIS, "door-cam");
                    decisions.addAll(guard.process(empty));
                    gatedDecisions.addAll(gated.process(empty));
                }
                for (int i = 0; i < sim.frames(); i++, frames++) {
                    ImageFrame f = sim.frame(i, photo, blurred, start, "door-cam");
                    decisions.addAll(guard.process(f));
                    gatedDecisions.addAll(gated.process(f));
                }
                gateChecks.add(new GateCheck(e.file().getFileName().toString(),
                        MotionGateReplay.lines(decisions).equals(MotionGateReplay.lines(gatedDecisions)), frames, gated.detectorRunsAvoided()));
            }
            // naive per-shot decisions: what a system deciding on every good shot would have flickered through
            int flips = 0;
            Decision last = null;
            for (AgeEstimate a : shots) {
                Decision now = rules.judge(a.age(), a.spread(), 1, SCHOOL_DAY).decision();
                if (last != null && now != last) {
                    flips++;
                }
                last = now;
            }
            // the single-photo figure under the same rules: one estimate on the photo in a 3x canvas
            ImageFrame canvas = ImageFiles.onCanvas(ImageFiles.read(e.file()), 3);
            Face best = detector.detect(canvas).stream().max(Comparator.comparingDouble(Face::score)).orElse(null);
            Decision single = null;
            float singleAge = Float.NaN;
            if (best != null) {
                AgeEstimate a = inner.estimate(canvas, best.box());
                singleAge = a.age();
                single = rules.judge(a.age(), a.spread(), 1, SCHOOL_DAY).decision();
            }
            EntryDecision first = decisions.isEmpty() ? null : decisions.get(0);
            // the decision carries the interval age ± z·spread; its upper end is never clamped, so it gives the spread back
            float spread = first != null && first.interval().known()
                    ? (float) ((first.interval().upper() - first.age()) / rules.intervalZ()) : Float.NaN;
            return new VisitResult(e.file().getFileName().toString(), e.age(), e.gender(), e.group(), half == null ? "" : half.label(),
                    decisions.size(), first == null ? null : first.decision(), first == null ? Float.NaN : first.age(), spread,
                    first == null ? Float.NaN : first.minorProbability(), first == null ? "" : first.reason(), flips, single, singleAge);
        } finally {
            detector.close();
            recording.close();
            if (gate != null) {
                gatedDetector.close();
                gatedEstimator.close();
            }
        }
    }

    /** {@code motion_gate}: visits decided differently (must be 0) and the detector runs the gate saved. */
    static void gateReport(ObjectNode r, MotionGate gate, List<GateCheck> checks) {
        ObjectNode g = r.putObject("motion_gate");
        g.put("gate", gate.toString());
        g.put("lead_in_empty_frames", GATE_LEAD_IN);
        g.put("visits", checks.size());
        List<String> differ = checks.stream().filter(c -> !c.same()).map(GateCheck::file).sorted().toList();
        g.put("visits_decided_differently", differ.size());
        g.putPOJO("differing_files", differ.subList(0, Math.min(20, differ.size())));
        long frames = checks.stream().mapToLong(GateCheck::frames).sum();
        long avoided = checks.stream().mapToLong(GateCheck::avoided).sum();
        g.put("frames", frames);
        g.put("detector_runs_avoided", avoided);
        g.put("avoided_share", frames == 0 ? 0 : Math.round(10000.0 * avoided / frames) / 10000.0);
    }

    static ObjectNode report(List<VisitResult> rs, VenueRules rules, int unreadable) {
        ObjectNode r = new ObjectMapper().createObjectNode();
        r.put("mode", "sequences");
        r.put("scene", "12-frame approach on a 600x700 grey canvas (photo 140->230 px, drift, +-4 deg, brightness, "
                + "1 blurred frame, 1 missing frame) + 8 empty frames; " + rules.venueType() + " rules; school day");
        r.put("visits", rs.size());
        r.put("unreadable", unreadable);
        r.put("decisions", rs.stream().mapToInt(VisitResult::decisions).sum());
        r.put("visits_without_decision", rs.stream().filter(v -> v.decisions() == 0).count());
        r.put("decision_flips", rs.stream().mapToInt(v -> Math.max(0, v.decisions() - 1)).sum());
        r.put("per_shot_decision_flips", rs.stream().mapToInt(VisitResult::perShotFlips).sum());
        ObjectNode perVisit = r.putObject("per_visit");
        perVisit.put("minors_13_17", count(rs, 13, 17));
        perVisit.put("minors_13_17_stopped", share(rs, 13, 17, v -> v.decision() != null && v.decision() != Decision.ADULT));
        perVisit.put("adults_30plus", count(rs, 30, 200));
        perVisit.put("adults_30plus_passed", share(rs, 30, 200, v -> v.decision() == Decision.ADULT));
        perVisit.put("mae", mae(rs, true));
        ObjectNode single = r.putObject("single_photo");
        single.put("minors_13_17_stopped", share(rs, 13, 17, v -> v.single() != null && v.single() != Decision.ADULT));
        single.put("adults_30plus_passed", share(rs, 30, 200, v -> v.single() == Decision.ADULT));
        single.put("mae", mae(rs, false));
        r.put("minors_13_17_stopped", perVisit.get("minors_13_17_stopped").asDouble());
        r.put("adults_30plus_passed", perVisit.get("adults_30plus_passed").asDouble());
        r.set("decision", DecisionReport.build(rs.stream()
                .map(v -> new DecisionReport.Row(v.age(), v.gender(), v.race(), v.decision())).toList(), rules, "visit without a decision"));
        r.put("note", "augmented views of one photo are not independent shots: the per-visit figures show stability and "
                + "fusion mechanics, not the gain real multi-shot evidence would bring");
        return r;
    }

    private static long count(List<VisitResult> rs, int lo, int hi) {
        return rs.stream().filter(v -> v.age() >= lo && v.age() <= hi).count();
    }

    private static double share(List<VisitResult> rs, int lo, int hi, java.util.function.Predicate<VisitResult> p) {
        List<VisitResult> in = rs.stream().filter(v -> v.age() >= lo && v.age() <= hi).toList();
        return in.isEmpty() ? Double.NaN : Math.round(10000.0 * in.stream().filter(p).count() / in.size()) / 10000.0;
    }

    private static double mae(List<VisitResult> rs, boolean fused) {
        double sum = 0;
        int n = 0;
        for (VisitResult v : rs) {
            float a = fused ? v.fusedAge() : v.singleAge();
            if (!Float.isNaN(a)) {
                sum += Math.abs(a - v.age());
                n++;
            }
        }
        return n == 0 ? Double.NaN : Math.round(100 * sum / n) / 100.0;
    }
}
