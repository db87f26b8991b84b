package org.entryguard.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.entryguard.core.EntryGuardException;
import org.entryguard.core.FaceAnalysis;
import org.entryguard.core.FaceDetectorBuilder;
import org.entryguard.core.FrameAnalyzer;
import org.entryguard.core.ImageFiles;
import org.entryguard.core.ImageFrame;
import org.entryguard.core.evaluation.AgeEvaluation;
import org.entryguard.core.evaluation.LabelledResult;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code evaluate [--canvas K] [--out DIR] FOLDER}: runs the age check over labelled photos and reports
 * detector misses, MAE by band, the stop/pass rates at the challenge age and the curve over 18..30; writes
 * {@code report.json}, {@code scatter.png} (true vs estimated age) and {@code curve.png}.
 */
final class EvaluateCommand {
    private EvaluateCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Options o = Options.parse(args, Set.of("canvas", "out", "challenge-age", "detector", "input-size", "limit", "threads"));
        if (o.positional.size() != 1) {
            throw new UsageException("evaluate needs exactly one FOLDER, got " + o.positional.size());
        }
        int canvas = o.intValue("canvas", 1, 1, 8);
        int challengeAge = o.intValue("challenge-age", 25, 1, 120);
        int limit = o.intValue("limit", Integer.MAX_VALUE, 1, Integer.MAX_VALUE);
        int threads = o.intValue("threads", Runtime.getRuntime().availableProcessors(), 1, 64);
        Path outDir = Path.of(o.value("out", "evaluation"));
        List<LabelledFolder.Entry> entries = LabelledFolder.read(Path.of(o.positional.get(0)));
        if (entries.size() > limit) {
            entries = entries.subList(0, limit);
        }
        FaceDetectorBuilder detectorBuilder;
        try {
            detectorBuilder = o.detector();
            detectorBuilder.build().close(); // fail fast on a bad option or model, before starting threads
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }

        err.printf("evaluating %d photos, canvas %dx, detector %s, %d threads%n",
                entries.size(), canvas, o.value("detector", "tiny"), threads);
        List<LabelledResult> results = analyse(entries, canvas, detectorBuilder, threads, err);
        AgeEvaluation eval = new AgeEvaluation(results);
        try {
            Files.createDirectories(outDir);
            ObjectNode report = report(eval, challengeAge, canvas, o.value("detector", "tiny"));
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(outDir.resolve("report.json").toFile(), report);
            Plots.scatter(eval, challengeAge, outDir.resolve("scatter.png"));
            Plots.curve(eval.curve(18, 30), challengeAge, outDir.resolve("curve.png"));
        } catch (IOException e) {
            err.println("error: cannot write the report to " + outDir + ": " + e.getMessage());
            return 1;
        }
        summary(eval, challengeAge, out);
        out.println("wrote " + outDir.resolve("report.json") + ", scatter.png, curve.png");
        return 0;
    }

    private static List<LabelledResult> analyse(List<LabelledFolder.Entry> entries, int canvas,
                                                FaceDetectorBuilder detectorBuilder, int threads, PrintStream err) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        ThreadLocal<FrameAnalyzer> analyzers = ThreadLocal.withInitial(
                () -> FrameAnalyzer.builder().detector(detectorBuilder.build()).build());
        List<FrameAnalyzer> created = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicInteger done = new AtomicInteger();
        List<Future<LabelledResult>> futures = new ArrayList<>();
        for (LabelledFolder.Entry e : entries) {
            futures.add(pool.submit(() -> {
                FrameAnalyzer a = analyzers.get();
                if (!created.contains(a)) {
                    created.add(a);
                }
                LabelledResult r = one(a, e, canvas, err);
                int d = done.incrementAndGet();
                if (d % 100 == 0 || d == entries.size()) {
                    err.printf("  %d/%d%n", d, entries.size());
                }
                return r;
            }));
        }
        List<LabelledResult> results = new ArrayList<>();
        try {
            for (Future<LabelledResult> f : futures) {
                results.add(f.get());
            }
        } catch (Exception ex) {
            throw new EntryGuardException("evaluation failed: " + ex.getMessage(), ex);
        } finally {
            pool.shutdown();
            created.forEach(FrameAnalyzer::close);
        }
        return results;
    }

    private static LabelledResult one(FrameAnalyzer analyzer, LabelledFolder.Entry e, int canvas, PrintStream err) {
        String name = e.file().getFileName().toString();
        ImageFrame frame;
        try {
            frame = ImageFiles.read(e.file());
        } catch (EntryGuardException ex) {
            err.println("  skipped (unreadable): " + ex.getMessage());
            return new LabelledResult(name, e.age(), e.group(), false, Float.NaN);
        }
        if (canvas > 1) {
            frame = ImageFiles.onCanvas(frame, canvas);
        }
        // the photo holds one person: judge the most confident face
        FaceAnalysis best = analyzer.analyze(frame).stream()
                .filter(f -> f.age() != null)
                .max(Comparator.comparingDouble(f -> f.face().score())).orElse(null);
        return best == null ? new LabelledResult(name, e.age(), e.group(), false, Float.NaN)
                : new LabelledResult(name, e.age(), e.group(), true, best.age().age());
    }

    private static ObjectNode report(AgeEvaluation eval, int challengeAge, int canvas, String detector) {
        ObjectMapper m = new ObjectMapper();
        ObjectNode r = m.createObjectNode();
        r.put("n", eval.n());
        r.put("missed", eval.missed());
        r.put("canvas", canvas);
        r.put("detector", detector);
        r.put("challenge_age", challengeAge);
        r.put("mae", nan(eval.mae(new org.entryguard.core.evaluation.AgeBand("all", 0, 200))));
        ObjectNode bands = r.putObject("mae_by_band");
        eval.maeByBand(null).forEach((k, v) -> bands.put(k, nan(v)));
        ObjectNode asian = r.putObject("mae_by_band_asian");
        eval.maeByBand("asian").forEach((k, v) -> asian.put(k, nan(v)));
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
        return r;
    }

    private static Double nan(double v) {
        return Double.isNaN(v) ? null : Math.round(v * 10000) / 10000.0;
    }

    private static void summary(AgeEvaluation eval, int challengeAge, PrintStream out) {
        out.printf("photos %d, faces found %d, missed %d%n", eval.n(), eval.n() - eval.missed(), eval.missed());
        out.println("MAE by band (years):");
        Map<String, Double> all = eval.maeByBand(null);
        Map<String, Double> asian = eval.maeByBand("asian");
        long asianFound = eval.results().stream().filter(r -> r.found() && "asian".equals(r.group())).count();
        all.forEach((k, v) -> out.printf("  %-6s %5.2f   (east asian subset %s)%n", k, v,
                Double.isNaN(asian.get(k)) ? "n/a" : String.format("%.2f", asian.get(k))));
        out.printf("east asian faces in the set: %d%s%n", asianFound, asianFound == 0 ? " (no subset figure possible)" : "");
        out.printf("at challenge age %d: 13-17 stopped %.1f%% (%.1f%% counting missed faces), 30+ passed %.1f%%%n",
                challengeAge, 100 * eval.minorsStopped(challengeAge), 100 * eval.minorsStoppedIncludingMissed(challengeAge),
                100 * eval.adultsPassed(challengeAge));
        out.println("challenge age | 13-17 stopped | 30+ passed");
        for (AgeEvaluation.CurvePoint p : eval.curve(18, 30)) {
            out.printf("  %2d          |   %5.1f%%      |  %5.1f%%%n", p.challengeAge(), 100 * p.minorsStopped(), 100 * p.adultsPassed());
        }
    }
}
