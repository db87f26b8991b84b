package org.entryguard.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.entryguard.core.AgeCalibration;
import org.entryguard.core.AgeEstimate;
import org.entryguard.core.AgeEstimator;
import org.entryguard.core.AgeEstimatorBuilder;
import org.entryguard.core.AgeModel;
import org.entryguard.core.EntryGuardException;
import org.entryguard.core.Face;
import org.entryguard.core.FaceDetector;
import org.entryguard.core.FaceDetectorBuilder;
import org.entryguard.core.ImageFiles;
import org.entryguard.core.ImageFrame;
import org.entryguard.core.LandmarkDetector;
import org.entryguard.core.rules.Decision;
import org.entryguard.core.guard.FaceQuality;
import org.entryguard.core.guard.MotionGate;
import org.entryguard.core.rules.VenueRules;
import org.entryguard.core.rules.VenueType;
import org.entryguard.examples.evaluation.AgeBand;
import org.entryguard.examples.evaluation.AgeEvaluation;
import org.entryguard.examples.evaluation.DataSplit;
import org.entryguard.examples.evaluation.DecisionEvaluation;
import org.entryguard.examples.evaluation.LabelledResult;
import org.entryguard.examples.evaluation.ScoredPhoto;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * {@code evaluate [options] FOLDER}: runs the age check over labelled photos and reports detector misses, MAE
 * by band, the stop/pass rates at the challenge age and the curve over 18..30, and the venue decision on
 * calibrated P(minor) (the {@code --venue}'s default rules, KTV unless given) with its operating curve over the adult
 * P(minor) threshold, and the {@code decision} object ({@link DecisionReport}: the rates with 95 % intervals, by
 * gender and race). Writes {@code report.json}, {@code faces.csv} (one row per photo), {@code scatter.png} (true vs
 * estimated age) and {@code curve.png} (both operating curves, defaults marked). Unreadable files are counted apart
 * from detector misses; when they are the majority the run fails.
 *
 * <p>Options beyond the basics: {@code --half all|fit|held-out} (the {@link DataSplit}; report only that half),
 * {@code --estimator default|face-api}, {@code --flip on|off}, {@code --landmark-crop on|off},
 * {@code --box-scale F}, {@code --calibration bundled|identity|fit|FILE} ({@code fit}: fitted on the fit half in
 * this run, written to {@code calibration.csv}), {@code --quality on|off} (the default quality gate, with
 * landmarks for pose; a refused shot counts as CHECK_ID), {@code --occlusion on|off} and
 * {@code --occlusion-threshold T} (the gate's eye-visibility check alone, or on top of {@code --quality on}: a shot
 * whose eye visibility is below T counts as CHECK_ID; prints the sweep over T and writes {@code occlusion.csv}),
 * {@code --synthetic-sunglasses off|on|T} (paints lenses of transmission T, on = 0.15, over every face first:
 * {@link SyntheticSunglasses}).
 */
final class EvaluateCommand {
    private EvaluateCommand() {
    }

    private record Run(List<ScoredPhoto> photos) {
    }

    static int run(String[] argv, PrintStream out, PrintStream err) {
        boolean sequences = List.of(argv).contains("--sequences");
        String[] args = List.of(argv).stream().filter(a -> !a.equals("--sequences")).toArray(String[]::new);
        Options o = Options.parse(args, Set.of("canvas", "out", "challenge-age", "detector", "input-size", "limit", "threads",
                "half", "estimator", "age-model", "flip", "landmark-crop", "box-scale", "calibration", "quality", "occlusion", "occlusion-threshold",
                "synthetic-sunglasses", "venue", "motion-gate"));
        if (o.positional.size() != 1) {
            throw new UsageException("evaluate needs exactly one FOLDER, got " + o.positional.size());
        }
        int canvas = o.intValue("canvas", 1, 1, 8);
        int challengeAge = o.intValue("challenge-age", 25, 1, 120);
        int limit = o.intValue("limit", Integer.MAX_VALUE, 1, Integer.MAX_VALUE);
        int threads = o.intValue("threads", Runtime.getRuntime().availableProcessors(), 1, 64);
        VenueRules rules = VenueRules.ofDefaults(venue(o));
        Path outDir = Path.of(o.value("out", "evaluation"));
        String halfOpt = o.value("half", "all");
        DataSplit.Half half;
        try {
            half = halfOpt.equals("all") ? null : DataSplit.Half.parse(halfOpt);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--half must be all, fit or held-out, got '" + halfOpt + "'");
        }
        Path folder = Path.of(o.positional.get(0));
        List<LabelledFolder.Entry> entries = LabelledFolder.read(folder);
        if (entries.size() > limit) {
            entries = entries.subList(0, limit);
        }
        List<DataSplit.Item> items = entries.stream().map(e -> new DataSplit.Item(e.file().getFileName().toString(), e.age())).toList();
        Map<String, DataSplit.Half> split = DataSplit.assign(items);

        String estimatorName = o.value("estimator", "default");
        boolean defaultSettings = estimatorName.equals("default") && !o.values.containsKey("flip")
                && !o.values.containsKey("landmark-crop") && !o.values.containsKey("box-scale");
        AgeModel ageModel = ageModel(o, estimatorName);
        AgeEstimatorBuilder estimatorBuilder = estimatorBuilder(o, estimatorName).model(ageModel);
        String calibrationOpt = o.value("calibration", defaultSettings ? "bundled" : "identity");
        boolean quality = onOff(o, "quality", false);
        boolean occlusion = onOff(o, "occlusion", false) || o.values.containsKey("occlusion-threshold");
        float occlusionThreshold = occlusionThreshold(o);
        float sunglasses = sunglasses(o);
        FaceDetectorBuilder detectorBuilder;
        try {
            detectorBuilder = o.detector();
            detectorBuilder.build().close(); // fail fast on a bad option or model, before starting threads
            estimatorBuilder.build().close();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        if (sequences) {
            List<LabelledFolder.Entry> visits = entries.stream()
                    .filter(e -> half == null || split.get(e.file().getFileName().toString()) == half).toList();
            err.printf("evaluating %d synthetic door visits (half: %s), %s rules, detector %s, estimator %s (SDK default calibration), "
                            + "%d threads%n", visits.size(), halfOpt, rules.venueType(), o.value("detector", "tiny"), estimatorName, threads);
            // the SDK's own estimator, calibrated as EntranceGuard uses it
            AgeEstimatorBuilder guardEstimator = (estimatorName.equals("face-api")
                    ? AgeEstimator.custom().faceApiCompatible() : AgeEstimator.custom()).model(ageModel);
            MotionGate gate = onOff(o, "motion-gate", false) ? MotionGate.ofDefaults() : null; // on: compare with and without
            return SequenceEvaluation.run(visits, split, rules, detectorBuilder, guardEstimator, gate, threads, outDir, out, err);
        }
        boolean fitHere = calibrationOpt.equals("fit");
        List<LabelledFolder.Entry> todo = entries.stream()
                .filter(e -> half == null || fitHere || split.get(e.file().getFileName().toString()) == half).toList();
        err.printf("evaluating %d photos (half: %s), %s rules, canvas %dx, detector %s, estimator %s, calibration %s, quality gate %s, "
                        + "occlusion check %s, %d threads%n",
                todo.size(), halfOpt, rules.venueType(), canvas, o.value("detector", "tiny"), describe(o, estimatorName), calibrationOpt,
                quality ? "on" : "off", occlusion ? "on (eye visibility < " + occlusionThreshold + ")" : "off", threads);
        if (sunglasses > 0f) {
            err.println("synthetic sunglasses (transmission " + sunglasses + ") painted on every face (landmarks of the clean photo)");
        }
        Map<String, float[]> eyes = new ConcurrentHashMap<>();
        Set<String> unreadable = ConcurrentHashMap.newKeySet();
        List<ScoredPhoto> analysed = analyse(todo, split, canvas, detectorBuilder, estimatorBuilder, quality, occlusion ? eyes : null,
                sunglasses, unreadable, threads, err);
        if (tooManyUnreadable(todo.stream().map(LabelledFolder.Entry::file).filter(f -> unreadable.contains(f.getFileName().toString()))
                .toList(), todo.size(), folder, err)) {
            return 1;
        }
        // an unreadable file says nothing about the detector: it is neither a photo evaluated nor a miss
        List<ScoredPhoto> all = analysed.stream().filter(p -> !unreadable.contains(p.file())).toList();
        AgeCalibration calibration;
        try {
            calibration = calibration(calibrationOpt, all, ageModel);
        } catch (IllegalArgumentException e) {
            throw new UsageException("cannot fit a calibration: " + e.getMessage());
        }
        List<ScoredPhoto> reported = all.stream().filter(p -> half == null || p.half() == half).toList();
        List<LabelledResult> results = new ArrayList<>();
        List<LabelledResult> raw = new ArrayList<>();
        for (ScoredPhoto p : reported) {
            results.add(new LabelledResult(p.file(), p.trueAge(), p.group(), p.found(),
                    p.found() ? calibration.apply(p.rawAge()).age() : Float.NaN));
            raw.add(new LabelledResult(p.file(), p.trueAge(), p.group(), p.found(), p.rawAge()));
        }
        AgeEvaluation eval = new AgeEvaluation(results);
        AgeEvaluation rawEval = new AgeEvaluation(raw);
        DecisionEvaluation decisions = new DecisionEvaluation(reported, calibration, false);
        DecisionEvaluation gated = quality ? new DecisionEvaluation(reported, calibration, true) : null;
        List<ScoredPhoto> occludedPhotos = occlusion ? withOcclusion(reported, eyes, occlusionThreshold, quality) : null;
        DecisionEvaluation occluded = occlusion ? new DecisionEvaluation(occludedPhotos, calibration, true) : null;
        // the decision as this run made it: with the quality gate and the occlusion check where they are on
        List<ScoredPhoto> decidedPhotos = occlusion ? occludedPhotos : reported;
        DecisionEvaluation decided = occluded != null ? occluded : gated != null ? gated : decisions;
        Map<String, LabelledFolder.Entry> byName = new HashMap<>();
        entries.forEach(e -> byName.put(e.file().getFileName().toString(), e));
        List<DecisionReport.Row> rows = decidedPhotos.stream().map(p -> new DecisionReport.Row(p.trueAge(),
                byName.get(p.file()).gender(), p.group(), decided.decide(p, rules))).toList();
        long unreadableReported = analysed.stream().filter(p -> unreadable.contains(p.file()) && (half == null || p.half() == half)).count();
        try {
            Files.createDirectories(outDir);
            ObjectNode report = report(eval, rawEval, decisions, gated, rules, challengeAge, canvas, o.value("detector", "tiny"));
            report.put("unreadable", unreadableReported);
            ObjectNode decision = DecisionReport.build(rows, rules, "no face found");
            decision.put("quality_gate", quality);
            decision.put("occlusion_check", occlusion);
            report.set("decision", decision);
            if (occluded != null) {
                ObjectNode q = decisionNode(new ObjectMapper(), occluded, rules);
                q.put("eye_visibility_threshold", occlusionThreshold);
                q.put("with_quality_gate", quality);
                q.put("refused_13_17", nan(occluded.refusedShare(13, 17)));
                q.put("refused_30plus", nan(occluded.refusedShare(30, 200)));
                q.put("refused_all", nan(occluded.refusedShare(0, 200)));
                report.set("pminor_with_occlusion_check", q);
                writeEyes(reported, eyes, calibration, rules, outDir.resolve("occlusion.csv"));
            }
            ObjectNode s = report.putObject("split");
            s.put("method", DataSplit.describe());
            s.put("half", halfOpt);
            s.put("fit", split.values().stream().filter(h -> h == DataSplit.Half.FIT).count());
            s.put("held_out", split.values().stream().filter(h -> h == DataSplit.Half.HELD_OUT).count());
            report.put("estimator", describe(o, estimatorName));
            report.put("calibration", calibrationOpt.equals("fit") ? "fitted on the fit half in this run (calibration.csv)"
                    : calibration.description());
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(outDir.resolve("report.json").toFile(), report);
            writeFaces(analysed.stream().filter(p -> half == null || p.half() == half).toList(), unreadable, decidedPhotos, decided,
                    byName, calibration, rules, outDir.resolve("faces.csv"));
            if (fitHere) {
                Files.writeString(outDir.resolve("calibration.csv"), calibration.toCsv());
            }
            Plots.scatter(eval, challengeAge, outDir.resolve("scatter.png"));
            Plots.curve(eval.curve(18, 30), challengeAge, decisions.curve(rules, DecisionEvaluation.standardThresholds()),
                    rules.adultMaxMinorProbability(), halfOpt, outDir.resolve("curve.png"));
        } catch (IOException e) {
            err.println("error: cannot write the report to " + outDir + ": " + e.getMessage());
            return 1;
        }
        summary(eval, rawEval, decisions, gated, rules, challengeAge, halfOpt, unreadableReported, out);
        out.println(DecisionReport.summary(rows, rules) + (quality || occlusion ? " (refused shot = CHECK_ID)" : ""));
        if (occluded != null) {
            occlusionSummary(reported, eyes, calibration, rules, occlusionThreshold, quality, out);
        }
        out.println("wrote " + outDir.resolve("report.json") + ", faces.csv, scatter.png, curve.png" + (fitHere ? ", calibration.csv" : "")
                + (occluded != null ? ", occlusion.csv" : ""));
        return 0;
    }

    /**
     * {@code --venue ktv|bar|internet-cafe|game-arcade|hotel|esports-hotel|scripted-entertainment}, default ktv; the
     * enum names ({@code GAME_ARCADE}) and {@code arcade} are accepted too.
     */
    static VenueType venue(Options o) {
        String v = o.value("venue", "ktv").toLowerCase(Locale.ROOT).replace('_', '-');
        if (v.equals("arcade")) {
            return VenueType.GAME_ARCADE;
        }
        for (VenueType t : VenueType.values()) {
            if (venueName(t).equals(v)) {
                return t;
            }
        }
        throw new UsageException("--venue must be one of " + String.join(", ", Stream.of(VenueType.values()).map(EvaluateCommand::venueName)
                .toList()) + ", got '" + v + "'");
    }

    private static String venueName(VenueType t) {
        return t.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Whether more than half of the photos could not be read, then says so on {@code err} with the first few names
     * and the likely fix. A few broken files are normal in scraped sets; a majority means the run would measure
     * nothing (a wrong folder, a labels.csv for other files, or Git LFS pointers instead of the photos).
     */
    static boolean tooManyUnreadable(List<Path> unreadable, int total, Path folder, PrintStream err) {
        if (unreadable.size() * 2 <= total) {
            return false;
        }
        String first = String.join(", ", unreadable.stream().limit(5).map(f -> f.getFileName().toString()).toList())
                + (unreadable.size() > 5 ? ", ..." : "");
        long absent = unreadable.stream().filter(f -> !Files.exists(f)).count();
        String fix = absent * 2 > unreadable.size()
                ? "most of them do not exist: check that labels.csv's file column names files in " + folder
                : "they are not JPEG, PNG, BMP or GIF images (check with `file`); Git LFS pointers or an interrupted "
                        + "download or unzip are the usual cause: fetch the real files (e.g. `git lfs pull`) or extract the archive again";
        err.printf("error: %d of %d photos are unreadable (%s); %s%n", unreadable.size(), total, first, fix);
        return true;
    }

    /**
     * {@code faces.csv}: one row per reported photo with its labels, what the models saw and the decision this run
     * made, so that any rate in report.json can be recounted and any single case looked up.
     */
    private static void writeFaces(List<ScoredPhoto> photos, Set<String> unreadable, List<ScoredPhoto> decidedPhotos,
                                   DecisionEvaluation decided, Map<String, LabelledFolder.Entry> labels, AgeCalibration calibration,
                                   VenueRules rules, Path file) throws IOException {
        Map<String, ScoredPhoto> byName = new HashMap<>();
        decidedPhotos.forEach(p -> byName.put(p.file(), p));
        StringBuilder sb = new StringBuilder(Csv.row("file", "age", "gender", "race", "half", "readable", "found", "raw_age",
                "calibrated_age", "spread", "p_minor", "decision", "quality_failure"));
        for (ScoredPhoto photo : photos) {
            LabelledFolder.Entry e = labels.get(photo.file());
            String half = photo.half() == null ? "" : photo.half().label();
            if (unreadable.contains(photo.file())) {
                sb.append(Csv.row(photo.file(), photo.trueAge(), e.gender(), e.group(), half, false, false, "", "", "", "", "", ""));
                continue;
            }
            ScoredPhoto p = byName.get(photo.file());
            Decision d = decided.decide(p, rules);
            AgeEstimate a = p.found() ? calibration.apply(p.rawAge()) : null;
            sb.append(Csv.row(p.file(), p.trueAge(), e.gender(), e.group(), half, true, p.found(),
                    Csv.num(p.rawAge(), 2), a == null ? "" : Csv.num(a.age(), 2), a == null ? "" : Csv.num(a.spread(), 2),
                    a == null ? "" : Csv.num(rules.minorProbability(a.age(), a.spread()), 4), d == null ? "" : d.name(),
                    p.qualityFailure()));
        }
        Files.writeString(file, sb.toString());
    }

    /** {@code --synthetic-sunglasses off|on|T}: 0 when off, else the lens transmission (on: dark, 0.15). */
    private static float sunglasses(Options o) {
        String v = o.value("synthetic-sunglasses", "off");
        switch (v) {
            case "off", "false" -> {
                return 0f;
            }
            case "on", "true" -> {
                return SyntheticSunglasses.DARK;
            }
            default -> {
                try {
                    float t = Float.parseFloat(v);
                    if (t > 0f && t < 1f) {
                        return t;
                    }
                } catch (NumberFormatException e) {
                    // falls through to the usage error
                }
                throw new UsageException("--synthetic-sunglasses must be on, off or a lens transmission in (0, 1), got '" + v + "'");
            }
        }
    }

    private static float occlusionThreshold(Options o) {
        String v = o.value("occlusion-threshold", Float.toString(FaceQuality.ofDefaults().minEyeVisibility()));
        try {
            float t = Float.parseFloat(v);
            if (!(t >= 0f && t <= 2f)) {
                throw new UsageException("--occlusion-threshold must be within [0, 2], got " + v);
            }
            return t;
        } catch (NumberFormatException e) {
            throw new UsageException("--occlusion-threshold needs a number, got '" + v + "'");
        }
    }

    /** The photos with an occlusion refusal (quality failure OCCLUDED) where the eye visibility is below {@code t}. */
    private static List<ScoredPhoto> withOcclusion(List<ScoredPhoto> photos, Map<String, float[]> eyes, float t, boolean keepQuality) {
        List<ScoredPhoto> out = new ArrayList<>(photos.size());
        for (ScoredPhoto p : photos) {
            String failure = keepQuality ? p.qualityFailure() : "";
            float[] e = eyes.get(p.file());
            if (failure.isEmpty() && p.found() && e != null && e[0] < t) { // NaN (not measurable) is not a refusal
                failure = FaceQuality.Failure.OCCLUDED.name();
            }
            out.add(new ScoredPhoto(p.file(), p.trueAge(), p.group(), p.half(), p.found(), p.rawAge(), p.detectorScore(), failure));
        }
        return out;
    }

    private static void writeEyes(List<ScoredPhoto> photos, Map<String, float[]> eyes, AgeCalibration calibration, VenueRules rules,
                                  Path file) throws IOException {
        DecisionEvaluation plain = new DecisionEvaluation(photos, calibration, false);
        StringBuilder sb = new StringBuilder("file,half,age,found,eye_visibility,eye_p80_left,cheek_left,eye_p80_right,cheek_right,raw_age,decision\n");
        for (ScoredPhoto p : photos) {
            float[] e = eyes.getOrDefault(p.file(), new float[] {Float.NaN, Float.NaN, Float.NaN, Float.NaN, Float.NaN});
            Decision d = plain.decide(p, rules);
            sb.append(String.format(Locale.ROOT, "%s,%s,%d,%b,%.4f,%.1f,%.1f,%.1f,%.1f,%.2f,%s%n", p.file(), p.half(), p.trueAge(), p.found(),
                    e[0], e[1], e[2], e[3], e[4], p.rawAge(), d == null ? "" : d.name()));
        }
        Files.writeString(file, sb.toString());
    }

    private static void occlusionSummary(List<ScoredPhoto> photos, Map<String, float[]> eyes, AgeCalibration calibration, VenueRules rules,
                                         float chosen, boolean quality, PrintStream out) {
        out.printf("occlusion check (eye visibility < t refused, refused shot = CHECK_ID%s):%n", quality ? ", on top of the quality gate" : "");
        out.println("  t     | refused 13-17 | refused 30+ | refused all | 13-17 stopped (through) | 30+ passed");
        float[] ts = {0.30f, 0.35f, 0.40f, 0.45f, 0.50f, 0.55f, 0.60f, 0.65f, 0.70f};
        float[] all = new float[ts.length + 1];
        System.arraycopy(ts, 0, all, 0, ts.length);
        all[ts.length] = chosen;
        java.util.Arrays.sort(all);
        float prev = Float.NaN;
        for (float t : all) {
            if (t == prev) {
                continue;
            }
            prev = t;
            List<ScoredPhoto> ps = withOcclusion(photos, eyes, t, quality);
            DecisionEvaluation d = new DecisionEvaluation(ps, calibration, true);
            out.printf(Locale.ROOT, "  %.3f | %3d/%-3d       | %3d/%-3d     | %3d/%-3d     |  %5.1f%% (%d)              | %5.1f%%%s%n", t,
                    refused(ps, 13, 17), found(ps, 13, 17), refused(ps, 30, 200), found(ps, 30, 200), refused(ps, 0, 200), found(ps, 0, 200),
                    100 * d.minorsStopped(rules), d.minorsPassed(rules), 100 * d.adultsPassed(rules), t == chosen ? "   <- threshold" : "");
        }
    }

    private static int refused(List<ScoredPhoto> ps, int min, int max) {
        return (int) ps.stream().filter(p -> p.found() && p.trueAge() >= min && p.trueAge() <= max && p.refused()).count();
    }

    private static int found(List<ScoredPhoto> ps, int min, int max) {
        return (int) ps.stream().filter(p -> p.found() && p.trueAge() >= min && p.trueAge() <= max).count();
    }

    private static boolean onOff(Options o, String name, boolean def) {
        String v = o.value(name, def ? "on" : "off");
        return switch (v) {
            case "on", "true" -> true;
            case "off", "false" -> false;
            default -> throw new UsageException("--" + name + " must be on or off, got '" + v + "'");
        };
    }

    private static AgeEstimatorBuilder estimatorBuilder(Options o, String name) {
        AgeEstimatorBuilder b = AgeEstimator.custom();
        switch (name) {
            case "default" -> { }
            case "face-api" -> b.faceApiCompatible();
            default -> throw new UsageException("--estimator must be default or face-api, got '" + name + "'");
        }
        if (o.values.containsKey("flip")) {
            b.flip(onOff(o, "flip", true));
        }
        if (o.values.containsKey("landmark-crop")) {
            b.landmarkCrop(onOff(o, "landmark-crop", true));
        }
        if (o.values.containsKey("box-scale")) {
            try {
                b.boxScale(Float.parseFloat(o.value("box-scale", "0")));
            } catch (NumberFormatException e) {
                throw new UsageException("--box-scale needs a number, got '" + o.value("box-scale", "") + "'");
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        }
        return b.uncalibrated(); // raw ages; the calibration is applied afterwards
    }

    private static String describe(Options o, String name) {
        return name + ", age model " + ageModel(o, name).name().toLowerCase(Locale.ROOT).replace('_', '-') + (o.values.containsKey("flip") ? ", flip " + o.value("flip", "") : "")
                + (o.values.containsKey("landmark-crop") ? ", landmark crop " + o.value("landmark-crop", "") : "")
                + (o.values.containsKey("box-scale") ? ", box scale " + o.value("box-scale", "") : "");
    }

    /** {@code --age-model face-api|door}: the network; default the SDK's, or face-api's with {@code --estimator face-api}. */
    private static AgeModel ageModel(Options o, String estimatorName) {
        String v = o.value("age-model", estimatorName.equals("face-api") ? "face-api" : AgeEstimatorBuilder.DEFAULT_MODEL.name());
        return switch (v.toLowerCase(Locale.ROOT).replace('-', '_')) {
            case "face_api" -> AgeModel.FACE_API;
            case "door" -> AgeModel.DOOR;
            default -> throw new UsageException("--age-model must be face-api or door, got '" + v + "'");
        };
    }

    private static AgeCalibration calibration(String opt, List<ScoredPhoto> photos, AgeModel model) {
        return switch (opt) {
            case "bundled" -> AgeCalibration.ofDefaults(model);
            case "identity" -> AgeCalibration.identity(AgeEstimatorBuilder.DEFAULT_SPREAD);
            case "fit" -> {
                List<ScoredPhoto> fit = photos.stream().filter(p -> p.found() && p.half() == DataSplit.Half.FIT).toList();
                double[] raw = fit.stream().mapToDouble(ScoredPhoto::rawAge).toArray();
                int[] age = fit.stream().mapToInt(ScoredPhoto::trueAge).toArray();
                yield AgeCalibration.fit(raw, age, 2.0);
            }
            default -> {
                Path f = Path.of(opt);
                if (!Files.isRegularFile(f)) {
                    throw new UsageException("--calibration must be bundled, identity, fit or a calibration CSV file, got '" + opt + "'");
                }
                yield AgeCalibration.load(f);
            }
        };
    }

    /** Per-thread models. */
    private static final class Worker {
        final FaceDetector detector;
        final AgeEstimator estimator;
        final LandmarkDetector landmarks;
        final FaceQuality.Checker scorer;
        final FaceQuality.Checker eyes = FaceQuality.ofDefaults().newChecker();
        final float[] eyeParts = new float[4];

        Worker(FaceDetectorBuilder d, AgeEstimatorBuilder e, boolean quality, boolean landmarksNeeded) {
            detector = d.build();
            estimator = e.build();
            landmarks = LandmarkDetector.ofDefaults(); // every photo: detect → landmarks → age
            // the single-photo gate measures the other checks; occlusion is applied afterwards per threshold
            scorer = quality ? FaceQuality.custom().occlusionCheck(false).build().newChecker() : null;
        }

        void close() {
            detector.close();
            estimator.close();
            if (landmarks != null) {
                landmarks.close();
            }
        }
    }

    private static List<ScoredPhoto> analyse(List<LabelledFolder.Entry> entries, Map<String, DataSplit.Half> split, int canvas,
                                             FaceDetectorBuilder detectorBuilder, AgeEstimatorBuilder estimatorBuilder,
                                             boolean quality, Map<String, float[]> eyes, float sunglasses,
                                             Set<String> unreadable, int threads, PrintStream err) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Worker> created = Collections.synchronizedList(new ArrayList<>());
        ThreadLocal<Worker> workers = ThreadLocal.withInitial(() -> {
            Worker w = new Worker(detectorBuilder, estimatorBuilder, quality, eyes != null || sunglasses > 0f);
            created.add(w);
            return w;
        });
        AtomicInteger done = new AtomicInteger();
        List<Future<ScoredPhoto>> futures = new ArrayList<>();
        for (LabelledFolder.Entry e : entries) {
            futures.add(pool.submit(() -> {
                ScoredPhoto r = one(workers.get(), e, split.get(e.file().getFileName().toString()), canvas, eyes, sunglasses, unreadable,
                        err);
                int d = done.incrementAndGet();
                if (d % 100 == 0 || d == entries.size()) {
                    err.printf("  %d/%d%n", d, entries.size());
                }
                return r;
            }));
        }
        List<ScoredPhoto> results = new ArrayList<>();
        try {
            for (Future<ScoredPhoto> f : futures) {
                results.add(f.get());
            }
        } catch (Exception ex) {
            throw new EntryGuardException("evaluation failed: " + ex.getMessage(), ex);
        } finally {
            pool.shutdown();
            created.forEach(Worker::close);
        }
        return results;
    }

    private static ScoredPhoto one(Worker w, LabelledFolder.Entry e, DataSplit.Half half, int canvas, Map<String, float[]> eyes,
                                   float sunglasses, Set<String> unreadable, PrintStream err) {
        String name = e.file().getFileName().toString();
        ImageFrame frame;
        try {
            frame = ImageFiles.read(e.file());
        } catch (EntryGuardException ex) {
            err.println("  skipped (unreadable): " + ex.getMessage());
            unreadable.add(name);
            return new ScoredPhoto(name, e.age(), e.group(), half, false, Float.NaN, Float.NaN, "");
        }
        if (canvas > 1) {
            frame = ImageFiles.onCanvas(frame, canvas);
        }
        // the photo holds one person: judge the most confident face
        Face best = w.detector.detect(frame).stream().max(Comparator.comparingDouble(Face::score)).orElse(null);
        if (sunglasses > 0f && best != null) {
            frame = SyntheticSunglasses.paint(frame, w.landmarks.detect(frame, best.box()), sunglasses);
            best = w.detector.detect(frame).stream().max(Comparator.comparingDouble(Face::score)).orElse(null);
        }
        if (best == null) {
            return new ScoredPhoto(name, e.age(), e.group(), half, false, Float.NaN, Float.NaN, "");
        }
        float age;
        float[] lm;
        try {
            // detect → landmarks → age: the landmarks are found once, for the estimator's crop and the eyes check
            lm = w.landmarks.detect(frame, best.box());
            age = w.estimator.estimate(frame, best.box(), lm).age();
        } catch (EntryGuardException ex) {
            return new ScoredPhoto(name, e.age(), e.group(), half, false, Float.NaN, Float.NaN, "");
        }
        String failure = "";
        if (eyes != null) {
            float v = w.eyes.eyeVisibility(frame, lm, w.eyeParts);
            float[] parts = w.eyeParts;
            eyes.put(name, new float[] {v, parts[0], parts[1], parts[2], parts[3]});
        }
        if (w.scorer != null) {
            Face withLm = new Face(best.box(), best.score(), lm);
            FaceQuality.Failure f = w.scorer.check(frame, withLm);
            if (f != FaceQuality.Failure.NONE) {
                failure = f.name();
            }
        }
        return new ScoredPhoto(name, e.age(), e.group(), half, true, age, best.score(), failure);
    }

    private static ObjectNode report(AgeEvaluation eval, AgeEvaluation rawEval, DecisionEvaluation decisions, DecisionEvaluation gated,
                                     VenueRules rules, int challengeAge, int canvas, String detector) {
        ObjectMapper m = new ObjectMapper();
        ObjectNode r = m.createObjectNode();
        r.put("n", eval.n());
        r.put("missed", eval.missed());
        r.put("canvas", canvas);
        r.put("detector", detector);
        r.put("challenge_age", challengeAge);
        AgeBand all = new AgeBand("all", 0, 200);
        r.put("mae", nan(eval.mae(all)));
        ObjectNode bands = r.putObject("mae_by_band");
        eval.maeByBand(null).forEach((k, v) -> bands.put(k, nan(v)));
        ObjectNode asian = r.putObject("mae_by_band_asian");
        eval.maeByBand("asian").forEach((k, v) -> asian.put(k, nan(v)));
        r.put("mae_13_17", nan(eval.mae(new AgeBand("13-17", 13, 17))));
        r.put("mae_raw", nan(rawEval.mae(all)));
        r.put("mae_13_17_raw", nan(rawEval.mae(new AgeBand("13-17", 13, 17))));
        ObjectNode rawBands = r.putObject("mae_by_band_raw");
        rawEval.maeByBand(null).forEach((k, v) -> rawBands.put(k, nan(v)));
        r.put("asian_faces", eval.results().stream().filter(x -> x.found() && "asian".equals(x.group())).count());
        r.put("minors_13_17", eval.count(13, 17));
        r.put("adults_30plus", eval.count(30, 200));
        r.put("minors_13_17_stopped", nan(eval.minorsStopped(challengeAge)));
        r.put("minors_13_17_stopped_incl_missed", nan(eval.minorsStoppedIncludingMissed(challengeAge)));
        r.put("adults_30plus_passed", nan(eval.adultsPassed(challengeAge)));
        ArrayNode curve = r.putArray("curve");
        for (AgeEvaluation.CurvePoint p : eval.curve(18, 30)) {
            ObjectNode c = curve.addObject();
            c.put("challenge_age", p.challengeAge());
            c.put("minors_13_17_stopped", nan(p.minorsStopped()));
            c.put("adults_30plus_passed", nan(p.adultsPassed()));
        }
        r.set("pminor", decisionNode(m, decisions, rules));
        if (gated != null) {
            ObjectNode q = decisionNode(m, gated, rules);
            q.put("refused_13_17", nan(gated.refusedShare(13, 17)));
            q.put("refused_30plus", nan(gated.refusedShare(30, 200)));
            q.put("refused_all", nan(gated.refusedShare(0, 200)));
            r.set("pminor_with_quality_gate", q);
        }
        return r;
    }

    private static ObjectNode decisionNode(ObjectMapper m, DecisionEvaluation d, VenueRules rules) {
        ObjectNode n = m.createObjectNode();
        n.put("rules", DecisionReport.describe(rules));
        n.put("minors_13_17_stopped", nan(d.minorsStopped(rules)));
        n.put("minors_13_17_passed_count", d.minorsPassed(rules));
        n.put("adults_30plus_passed", nan(d.adultsPassed(rules)));
        ObjectNode shares = n.putObject("decision_shares");
        for (int[] b : new int[][] {{0, 12}, {13, 17}, {18, 24}, {25, 29}, {30, 200}}) {
            ObjectNode s = shares.putObject(b[1] >= 200 ? b[0] + "+" : b[0] + "-" + b[1]);
            for (Map.Entry<Decision, Double> e : d.shares(rules, b[0], b[1]).entrySet()) {
                s.put(e.getKey().name(), nan(e.getValue()));
            }
        }
        ArrayNode curve = n.putArray("curve");
        for (DecisionEvaluation.Point p : d.curve(rules, DecisionEvaluation.standardThresholds())) {
            ObjectNode c = curve.addObject();
            c.put("adult_max_minor_probability", p.adultMaxMinorProbability());
            c.put("minors_13_17_stopped", nan(p.minorsStopped()));
            c.put("adults_30plus_passed", nan(p.adultsPassed()));
        }
        return n;
    }

    private static Double nan(double v) {
        return Double.isNaN(v) ? null : Math.round(v * 10000) / 10000.0;
    }

    private static void summary(AgeEvaluation eval, AgeEvaluation rawEval, DecisionEvaluation decisions, DecisionEvaluation gated,
                                VenueRules rules, int challengeAge, String half, long unreadable, PrintStream out) {
        out.printf("photos %d (half: %s), faces found %d, missed %d, unreadable %d%n", eval.n(), half, eval.n() - eval.missed(),
                eval.missed(), unreadable);
        out.println("MAE by band (years): reported age (calibrated) | raw network age");
        Map<String, Double> all = eval.maeByBand(null);
        Map<String, Double> raw = rawEval.maeByBand(null);
        Map<String, Double> asian = eval.maeByBand("asian");
        long asianFound = eval.results().stream().filter(r -> r.found() && "asian".equals(r.group())).count();
        all.forEach((k, v) -> out.printf("  %-6s %5.2f | %5.2f   (east asian subset %s)%n", k, v, raw.get(k),
                Double.isNaN(asian.get(k)) ? "n/a" : String.format("%.2f", asian.get(k))));
        out.printf("  13-17  %5.2f | %5.2f%n", eval.mae(new AgeBand("13-17", 13, 17)), rawEval.mae(new AgeBand("13-17", 13, 17)));
        out.printf("east asian faces in the set: %d%s%n", asianFound, asianFound == 0 ? " (no subset figure possible)" : "");
        out.printf("at challenge age %d: 13-17 stopped %.1f%% (%.1f%% counting missed faces), 30+ passed %.1f%%%n",
                challengeAge, 100 * eval.minorsStopped(challengeAge), 100 * eval.minorsStoppedIncludingMissed(challengeAge),
                100 * eval.adultsPassed(challengeAge));
        out.println("challenge age | 13-17 stopped | 30+ passed");
        for (AgeEvaluation.CurvePoint p : eval.curve(18, 30)) {
            out.printf("  %2d          |   %5.1f%%      |  %5.1f%%%s%n", p.challengeAge(), 100 * p.minorsStopped(), 100 * p.adultsPassed(),
                    p.challengeAge() == challengeAge ? "   <- challenge age" : "");
        }
        out.printf("venue decision on P(minor) (" + rules.venueType() + " defaults, one photo): 13-17 stopped %.1f%% (%d let through), 30+ passed %.1f%%%n",
                100 * decisions.minorsStopped(rules), decisions.minorsPassed(rules), 100 * decisions.adultsPassed(rules));
        out.println("adult if P(minor) <= | 13-17 stopped | 30+ passed");
        for (DecisionEvaluation.Point p : decisions.curve(rules, DecisionEvaluation.standardThresholds())) {
            out.printf("  %5.1f%%             |   %5.1f%%      |  %5.1f%%%s%n", 100 * p.adultMaxMinorProbability(), 100 * p.minorsStopped(),
                    100 * p.adultsPassed(), Math.abs(p.adultMaxMinorProbability() - rules.adultMaxMinorProbability()) < 1e-9 ? "   <- default" : "");
        }
        if (gated != null) {
            out.printf("with the default quality gate (refused shot = CHECK_ID; refused 13-17 %.1f%%, 30+ %.1f%%): "
                            + "13-17 stopped %.1f%% (%d let through), 30+ passed %.1f%%%n",
                    100 * gated.refusedShare(13, 17), 100 * gated.refusedShare(30, 200), 100 * gated.minorsStopped(rules),
                    gated.minorsPassed(rules), 100 * gated.adultsPassed(rules));
        }
    }
}
