package org.entryguard.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The report step of {@code benchmarks/scripts/run-all.sh}: reads {@code jmh.json}, {@code peer.json} and
 * {@code meta.properties} from the results folder, prints the headline ratios, writes {@code summary.md} and
 * {@code latency.png} there, and replaces the generated section of {@code BENCHMARKS.md} (between the
 * {@code <!-- results:begin -->} and {@code <!-- results:end -->} markers).
 *
 * <pre>java -cp benchmarks.jar org.entryguard.benchmarks.Report benchmarks/results [BENCHMARKS.md]</pre>
 */
public final class Report {
    static final String BEGIN = "<!-- results:begin -->";
    static final String END = "<!-- results:end -->";
    static final double TARGET_OVERHEAD = 1.10;
    static final double TARGET_SPEEDUP = 10.0;
    static final double TARGET_ALLOC = 1024.0;
    static final String HEADLINE_RES = "1920x1080";
    static final String[] FLOOR1 = {"threads", "1", "detectorSize", "416"};
    static final String[] FLOOR2 = {"threads", "2", "detectorSize", "416"};

    /** One JMH result: score (ms or µs per op as in {@code unit}), p50/p99 for SampleTime, allocation. */
    record Jmh(String bench, String mode, Map<String, String> params, double score, double error, String unit,
               double p50, double p99, double allocNorm) { }

    /** One peer row. */
    record Peer(String backend, String resolution, int faces, int found, double p50, double p99, double mean, int n) { }

    private final List<Jmh> jmh = new ArrayList<>();
    private final List<Peer> peer = new ArrayList<>();
    private final Properties meta = new Properties();
    /** "resolution/faces" → {frames, ageEstimates, decisions} summed over the EntranceGuard trials in jmh.txt. */
    private final Map<String, long[]> guardStats = new TreeMap<>();
    private JsonNode peerJson;
    /** Paired pipeline/floor measurements ({@link OverheadBenchmark}), by estimator. */
    private final Map<String, JsonNode> overhead = new TreeMap<>();
    /** The sustained-cameras probe ({@link ScaleProbe}), or null. */
    private JsonNode scale;

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "benchmarks/results");
        Path md = args.length > 1 ? Path.of(args[1]) : null;
        Report r = new Report();
        r.load(dir);
        String summary = r.markdown();
        Files.writeString(dir.resolve("summary.md"), summary, StandardCharsets.UTF_8);
        r.chart(dir.resolve("latency.png"));
        System.out.println(r.ratiosText());
        if (md != null) {
            String text = Files.readString(md, StandardCharsets.UTF_8);
            int b = text.indexOf(BEGIN);
            int e = text.indexOf(END);
            if (b < 0 || e < b) {
                throw new IllegalStateException(md + " has no " + BEGIN + " ... " + END + " section to fill");
            }
            Files.writeString(md, text.substring(0, b + BEGIN.length()) + "\n" + summary + text.substring(e), StandardCharsets.UTF_8);
            System.out.println("filled the results section of " + md);
        }
        System.out.println("wrote " + dir.resolve("summary.md") + " and " + dir.resolve("latency.png"));
    }

    void load(Path dir) throws IOException {
        ObjectMapper om = new ObjectMapper();
        Path metaFile = dir.resolve("meta.properties");
        if (Files.exists(metaFile)) {
            try (InputStream in = Files.newInputStream(metaFile)) {
                meta.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
            }
        }
        for (JsonNode n : om.readTree(dir.resolve("jmh.json").toFile())) {
            String full = n.get("benchmark").asText();
            String[] parts = full.split("\\.");
            String bench = parts[parts.length - 2] + "." + parts[parts.length - 1];
            Map<String, String> params = new TreeMap<>();
            if (n.has("params")) {
                n.get("params").fields().forEachRemaining(f -> params.put(f.getKey(), f.getValue().asText()));
            }
            JsonNode pm = n.get("primaryMetric");
            JsonNode pct = pm.get("scorePercentiles");
            double alloc = Double.NaN;
            JsonNode sec = n.get("secondaryMetrics");
            if (sec != null && sec.has("gc.alloc.rate.norm")) {
                alloc = sec.get("gc.alloc.rate.norm").get("score").asDouble();
            }
            jmh.add(new Jmh(bench, n.get("mode").asText(), params, pm.get("score").asDouble(),
                    pm.get("scoreError").isNumber() ? pm.get("scoreError").asDouble() : Double.NaN, pm.get("scoreUnit").asText(),
                    pct != null && pct.has("50.0") ? pct.get("50.0").asDouble() : Double.NaN,
                    pct != null && pct.has("99.0") ? pct.get("99.0").asDouble() : Double.NaN, alloc));
        }
        Path jmhTxt = dir.resolve("jmh.txt");
        if (Files.exists(jmhTxt)) {
            var m = java.util.regex.Pattern.compile("EG-GUARD-STATS resolution=(\\S+) faces=(\\d+) frames=(\\d+) ageEstimates=(\\d+) decisions=(\\d+)")
                    .matcher(Files.readString(jmhTxt, StandardCharsets.UTF_8));
            while (m.find()) {
                long[] v = guardStats.computeIfAbsent(m.group(1) + "/" + m.group(2), k -> new long[3]);
                v[0] += Long.parseLong(m.group(3));
                v[1] += Long.parseLong(m.group(4));
                v[2] += Long.parseLong(m.group(5));
            }
        }
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().matches("overhead-.*\\.json")).sorted().toList()) {
                JsonNode n = om.readTree(f.toFile());
                overhead.put(n.get("estimator").asText() + " " + n.get("resolution").asText() + " " + n.get("faces").asInt(), n);
            }
        }
        Path scaleFile = dir.resolve("scale.json");
        if (Files.exists(scaleFile)) {
            scale = om.readTree(scaleFile.toFile());
        }
        Path peerFile = dir.resolve("peer.json");
        if (Files.exists(peerFile)) {
            peerJson = om.readTree(peerFile.toFile());
            for (JsonNode r : peerJson.get("results")) {
                peer.add(new Peer(r.get("backend").asText(), r.get("resolution").asText(), r.get("faces").asInt(),
                        r.get("facesFound").asInt(-1), r.get("p50").asDouble(), r.get("p99").asDouble(), r.get("mean").asDouble(),
                        r.get("n").asInt()));
            }
        }
    }

    // ---------------------------------------------------------------- lookups

    Jmh find(String bench, String mode, String... kv) {
        outer:
        for (Jmh j : jmh) {
            if (!j.bench().equals(bench) || !j.mode().equals(mode)) {
                continue;
            }
            for (int i = 0; i < kv.length; i += 2) {
                String v = j.params().get(kv[i]);
                if (v != null && !v.equals(kv[i + 1])) { // a param the run did not have counts as its default
                    continue outer;
                }
            }
            return j;
        }
        return null;
    }

    /** p50 (SampleTime) in ms, or NaN. */
    double p50(String bench, String... kv) {
        Jmh j = find(bench, "sample", kv);
        return j == null ? Double.NaN : toMs(j.p50(), j.unit());
    }

    double p99(String bench, String... kv) {
        Jmh j = find(bench, "sample", kv);
        return j == null ? Double.NaN : toMs(j.p99(), j.unit());
    }

    double avg(String bench, String... kv) {
        Jmh j = find(bench, "avgt", kv);
        return j == null ? Double.NaN : toMs(j.score(), j.unit());
    }

    /** Allocation per op (bytes), from the AverageTime run (falls back to SampleTime). */
    double alloc(String bench, String... kv) {
        Jmh j = find(bench, "avgt", kv);
        if (j == null || Double.isNaN(j.allocNorm())) {
            j = find(bench, "sample", kv);
        }
        return j == null ? Double.NaN : j.allocNorm();
    }

    static double toMs(double v, String unit) {
        if (unit.startsWith("us")) {
            return v / 1000.0;
        }
        if (unit.startsWith("ns")) {
            return v / 1e6;
        }
        if (unit.startsWith("s/")) {
            return v * 1000.0;
        }
        return v;
    }

    Peer peer(String backend, String res, int faces) {
        for (Peer p : peer) {
            if (p.backend().equals(backend) && p.resolution().equals(res) && p.faces() == faces) {
                return p;
            }
        }
        return null;
    }

    double pipelineP50(String res, int faces, int threads) {
        return p50("PipelineBenchmark.pipeline", "resolution", res, "faces", Integer.toString(faces), "threads", Integer.toString(threads));
    }

    double guardP50(String res, int faces) {
        return p50("GuardBenchmark.guard", "resolution", res, "faces", Integer.toString(faces));
    }

    /** Age-model runs per frame in the EntranceGuard benchmark (NaN when unknown). */
    double guardAgeRate(String res, int faces) {
        long[] v = guardStats.get(res + "/" + faces);
        return v == null || v[0] == 0 ? Double.NaN : (double) v[1] / v[0];
    }

    // ---------------------------------------------------------------- ratios

    Map<String, String> ratios() {
        Map<String, String> r = new LinkedHashMap<>();
        double pipe = pipelineP50(HEADLINE_RES, 1, 1);
        for (JsonNode o : overhead.values()) {
            String est = o.get("estimator").asText();
            double ratio = o.get("pairedRatioP50").asDouble();
            String what = switch (est) {
                case "guard" -> "EntranceGuard.process (default estimator; floor = detector + the age runs it made)";
                case "face-api" -> "FrameAnalyzer.analyze, faceApiCompatible() estimator";
                default -> "FrameAnalyzer.analyze, " + est + " estimator";
            };
            r.put(String.format(Locale.ROOT, "SDK ÷ floor, paired, %s, %d face(s), 1 thread, %s (p50 of per-frame ratio, "
                            + "%d frames)", o.get("resolution").asText(), o.get("faces").asInt(), what, o.get("pairs").asInt()),
                    String.format(Locale.ROOT, "%.3f  (p10–p90 %.3f–%.3f; pipeline p50 %.2f ms, floor p50 %.2f ms; target ≤ %.2f: %s)",
                            ratio, o.get("pairedRatioP10").asDouble(), o.get("pairedRatioP90").asDouble(),
                            o.get("pipelineP50Ms").asDouble(), o.get("floorP50Ms").asDouble(), TARGET_OVERHEAD,
                            verdict(ratio <= TARGET_OVERHEAD)));
        }
        double floor = p50("FloorBenchmark.floorDetectorPlusAge", "threads", "1", "detectorSize", "416");
        r.put("Pipeline ÷ floor from two separate JMH runs, 1080p, 1 face, 1 thread (p50; default estimator vs detector + one age "
                + "run, so not like for like, and host-speed drift between the runs goes into it)",
                String.format(Locale.ROOT, "%.3f  (%.2f ms ÷ %.2f ms)", pipe / floor, pipe, floor));
        double guard = guardP50(HEADLINE_RES, 1);
        if (!Double.isNaN(guard)) {
            double rate = guardAgeRate(HEADLINE_RES, 1);
            double gFloor = p50("FloorBenchmark.floorDetector", "threads", "1", "detectorSize", "416")
                    + (Double.isNaN(rate) ? 0 : rate) * p50("FloorBenchmark.floorAge", "threads", "1", "detectorSize", "416");
            r.put("EntranceGuard.process ÷ its model time, 1080p, 1 face, 1 thread (p50; steady state, age model ran on "
                    + String.format(Locale.ROOT, "%.1f %%", 100 * rate) + " of frames)",
                    String.format(Locale.ROOT, "%.3f  (%.2f ms ÷ %.2f ms)", guard / gFloor, guard, gFloor));
        }
        Peer w = peer("wasm", HEADLINE_RES, 1);
        if (w != null) {
            r.put("Java ÷ Node peer speed-up, 1080p, 1 face (p50, Java 1 thread vs face-api WASM)", String.format(Locale.ROOT,
                    "%.1f×  (%.1f ms vs %.2f ms; target ≥ %.0f×: %s)", w.p50() / pipe, w.p50(), pipe, TARGET_SPEEDUP,
                    verdict(w.p50() / pipe >= TARGET_SPEEDUP)));
            double min = Double.MAX_VALUE;
            double max = 0;
            for (String res : BenchFrames.RESOLUTIONS) {
                for (int f : BenchFrames.FACES) {
                    Peer p = peer("wasm", res, f);
                    double j = pipelineP50(res, f, 1);
                    if (p != null && !Double.isNaN(j)) {
                        min = Math.min(min, p.p50() / j);
                        max = Math.max(max, p.p50() / j);
                    }
                }
            }
            r.put("Java ÷ Node WASM speed-up over all 9 frames (p50)", String.format(Locale.ROOT, "%.1f× to %.1f×", min, max));
        }
        Peer c = peer("cpu", HEADLINE_RES, 1);
        if (c != null) {
            r.put("Java ÷ Node peer speed-up, 1080p, 1 face (face-api pure-JS CPU backend)", String.format(Locale.ROOT, "%.0f×  (%.0f ms vs %.2f ms)",
                    c.p50() / pipe, c.p50(), pipe));
        }
        double worst = 0;
        String worstAt = "";
        for (Jmh j : jmh) {
            if (j.bench().equals("PipelineBenchmark.pipeline") && j.mode().equals("avgt") && j.allocNorm() > worst) {
                worst = j.allocNorm();
                worstAt = j.params().toString();
            }
        }
        double a1 = alloc("PipelineBenchmark.pipeline", "resolution", HEADLINE_RES, "faces", "1", "threads", "1");
        r.put("Allocation per frame, FrameAnalyzer.analyze, 1080p, 1 face, 1 thread", String.format(Locale.ROOT, "%.0f B  (target < %.0f B: %s)", a1, TARGET_ALLOC,
                verdict(a1 < TARGET_ALLOC)));
        double ga = alloc("GuardBenchmark.guard", "resolution", HEADLINE_RES, "faces", "1");
        if (!Double.isNaN(ga)) {
            r.put("Allocation per frame, EntranceGuard.process, 1080p, 1 face", String.format(Locale.ROOT, "%.0f B  (target < %.0f B: %s)",
                    ga, TARGET_ALLOC, verdict(ga < TARGET_ALLOC)));
        }
        r.put("Allocation per frame, worst FrameAnalyzer case", String.format(Locale.ROOT, "%.0f B at %s", worst, worstAt));
        r.put("Of which bare ORT (floor det + age, 1 thread)", String.format(Locale.ROOT, "%.0f B",
                alloc("FloorBenchmark.floorDetectorPlusAge", "threads", "1", "detectorSize", "416")));
        if (scale != null) {
            int best = scale.get("sustainedCameras").asInt();
            int thr = scale.get("threads").asInt();
            r.put(String.format(Locale.ROOT, "Cameras sustained, measured (ScaleProbe: %s, %d face, %.0f analysed frames/s each, FrameAnalyzer "
                            + "on every frame, %s estimator, %d threads, frames on a clock, newest-frame-wins)", scale.get("resolution").asText(),
                            scale.get("faces").asInt(), scale.get("fps").asDouble(), scale.get("estimator").asText(), thr),
                    String.format(Locale.ROOT, "%d cameras = %.1f per core", best, (double) best / thr));
        }
        for (int fps : new int[] {2, 5}) {
            r.put("Cameras per core at " + fps + " analysed frames/s, 1080p, 1 face (derived: 1000 ÷ (fps × p50); FrameAnalyzer"
                    + (Double.isNaN(guard) ? "" : " / EntranceGuard steady state") + ")",
                    String.format(Locale.ROOT, "%.1f", 1000.0 / (fps * pipe))
                            + (Double.isNaN(guard) ? "" : String.format(Locale.ROOT, " / %.1f", 1000.0 / (fps * guard))));
        }
        return r;
    }

    static String verdict(boolean ok) {
        return ok ? "met" : "NOT met";
    }

    String ratiosText() {
        StringBuilder sb = new StringBuilder("== EntryGuard benchmark ratios (" + meta.getProperty("label", "unlabelled run") + ") ==\n");
        ratios().forEach((k, v) -> sb.append(String.format(Locale.ROOT, "%-95s %s%n", k, v)));
        return sb.toString();
    }

    // ---------------------------------------------------------------- markdown

    static String ms(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        return v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : v >= 10 ? String.format(Locale.ROOT, "%.1f", v)
                : String.format(Locale.ROOT, "%.2f", v);
    }

    static String bytes(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.0f", v);
    }

    String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("_Generated by `benchmarks/scripts/run-all.sh` (org.entryguard.benchmarks.Report); do not edit by hand._\n\n");
        sb.append("**Run:** ").append(meta.getProperty("label", "unlabelled")).append("  \n");
        for (String k : new String[] {"date", "commit", "cpu", "cores", "loadBefore", "loadAfter", "java", "ort", "node", "jmhArgs", "peerArgs",
            "pipeline", "alerts"}) {
            if (meta.containsKey(k)) {
                sb.append("**").append(k).append(":** ").append(meta.getProperty(k)).append("  \n");
            }
        }
        if (peerJson != null) {
            sb.append("**peer:** ").append(peerJson.path("faceApi").asText()).append(", ").append(peerJson.path("tfjs").asText())
                    .append(", Node ").append(peerJson.path("node").asText()).append(", wasm ").append(peerJson.path("backends").path("wasm"))
                    .append("  \n");
        }
        sb.append("\n![latency by resolution and stage](benchmarks/results/latency.png)\n\n");

        sb.append("### Ratios\n\n| ratio | value |\n|---|---|\n");
        ratios().forEach((k, v) -> sb.append("| ").append(k).append(" | ").append(v).append(" |\n"));

        if (scale != null) {
            sb.append("\n### Sustained cameras (ScaleProbe)\n\n| cameras | analysed fps per camera, min / mean | dropped | latency p50 / p99 ms "
                    + "| analysis threads busy | sustained (≥ 95 % of target, p99 < 1 frame interval) |\n|---:|---:|---:|---:|---:|---|\n");
            for (JsonNode row : scale.get("rows")) {
                sb.append(String.format(Locale.ROOT, "| %d | %.2f / %.2f | %.1f %% | %.1f / %.1f | %.0f %% | %s |%n", row.get("cameras").asInt(),
                        row.get("analysedFpsMin").asDouble(), row.get("analysedFpsMean").asDouble(), row.get("droppedPct").asDouble(),
                        row.get("p50Ms").asDouble(), row.get("p99Ms").asDouble(), row.get("busyPct").asDouble(),
                        row.get("sustained").asBoolean() ? "yes" : "no"));
            }
        }

        sb.append("\n### Detect + age on every face of every frame: FrameAnalyzer.analyze vs the Node peer (ms)\n\n");
        sb.append("| frame | faces | 1 thr mean | 1 thr p50 | 1 thr p99 | 2 thr mean | 2 thr p50 | 2 thr p99 | alloc B/frame (1 thr) "
                + "| Node WASM p50 | Node WASM p99 | Node faces found | Java ÷ Node (p50) |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (String res : BenchFrames.RESOLUTIONS) {
            for (int f : BenchFrames.FACES) {
                String[] k1 = {"resolution", res, "faces", Integer.toString(f), "threads", "1"};
                String[] k2 = {"resolution", res, "faces", Integer.toString(f), "threads", "2"};
                Peer p = peer("wasm", res, f);
                double j = p50("PipelineBenchmark.pipeline", k1);
                sb.append("| ").append(res).append(" | ").append(f)
                        .append(" | ").append(ms(avg("PipelineBenchmark.pipeline", k1)))
                        .append(" | ").append(ms(j))
                        .append(" | ").append(ms(p99("PipelineBenchmark.pipeline", k1)))
                        .append(" | ").append(ms(avg("PipelineBenchmark.pipeline", k2)))
                        .append(" | ").append(ms(p50("PipelineBenchmark.pipeline", k2)))
                        .append(" | ").append(ms(p99("PipelineBenchmark.pipeline", k2)))
                        .append(" | ").append(bytes(alloc("PipelineBenchmark.pipeline", k1)))
                        .append(" | ").append(p == null ? "–" : ms(p.p50()))
                        .append(" | ").append(p == null ? "–" : ms(p.p99()))
                        .append(" | ").append(p == null ? "–" : p.found() + (p.found() == f ? "" : " (!)"))
                        .append(" | ").append(p == null ? "–" : String.format(Locale.ROOT, "%.1f×", p.p50() / j)).append(" |\n");
            }
        }
        if (jmh.stream().anyMatch(j -> j.bench().equals("GuardBenchmark.guard"))) {
            sb.append("\n### EntranceGuard.process per frame (ms, 1 thread; same scene at 10 frames/s, steady state)\n\n");
            sb.append("| frame | faces | mean | p50 | p99 | alloc B/frame | age-model runs / frames | decisions |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
            for (String res : BenchFrames.RESOLUTIONS) {
                for (int f : BenchFrames.FACES) {
                    String[] k = {"resolution", res, "faces", Integer.toString(f)};
                    long[] st = guardStats.get(res + "/" + f);
                    sb.append("| ").append(res).append(" | ").append(f)
                            .append(" | ").append(ms(avg("GuardBenchmark.guard", k)))
                            .append(" | ").append(ms(p50("GuardBenchmark.guard", k)))
                            .append(" | ").append(ms(p99("GuardBenchmark.guard", k)))
                            .append(" | ").append(bytes(alloc("GuardBenchmark.guard", k)))
                            .append(" | ").append(st == null ? "–" : st[1] + " / " + st[0])
                            .append(" | ").append(st == null ? "–" : Long.toString(st[2])).append(" |\n");
                }
            }
        }
        List<Peer> cpu = peer.stream().filter(p -> p.backend().equals("cpu")).toList();
        if (!cpu.isEmpty()) {
            sb.append("\nNode peer, face-api pure-JS `cpu` backend: ");
            for (Peer p : cpu) {
                sb.append(String.format(Locale.ROOT, "%s %d face(s) p50 %.0f ms (n=%d, found %d); ", p.resolution(), p.faces(), p.p50(), p.n(), p.found()));
            }
            sb.append("\n");
        }

        sb.append("\n### Stages (ms per call)\n\n| stage | what | 1 thr mean | 1 thr p50 | 1 thr p99 | 2 thr p50 | alloc B/op (1 thr) |\n|---|---|---:|---:|---:|---:|---:|\n");
        for (String res : BenchFrames.RESOLUTIONS) {
            stageRow(sb, "preprocess detector input " + res, "TfBilinearResizer frame → 416×416 floats",
                    "PreprocessBenchmark.detectorInput", new String[] {"resolution", res}, null);
        }
        stageRow(sb, "preprocess age input", "TfBilinearResizer 1080p face crop → 112×112 floats", "PreprocessBenchmark.ageInput", new String[0], null);
        for (String res : BenchFrames.RESOLUTIONS) {
            stageRow(sb, "detector " + res, "FaceDetector.detect (1-face frame)", "ModelBenchmark.detector",
                    new String[] {"resolution", res, "threads", "1"}, new String[] {"resolution", res, "threads", "2"});
        }
        stageRow(sb, "age estimator", "AgeEstimator.estimate (1080p face)", "ModelBenchmark.ageEstimator",
                new String[] {"threads", "1"}, new String[] {"threads", "2"});
        stageRow(sb, "floor: detector", "bare OrtSession.run, TinyFaceDetector 416", "FloorBenchmark.floorDetector",
                FLOOR1, FLOOR2);
        stageRow(sb, "floor: age", "bare OrtSession.run, AgeGenderNet 112", "FloorBenchmark.floorAge",
                FLOOR1, FLOOR2);
        stageRow(sb, "floor: detector + age", "both, back to back (the 1-face floor)", "FloorBenchmark.floorDetectorPlusAge",
                FLOOR1, FLOOR2);

        List<Jmh> sizes = jmh.stream().filter(j -> j.bench().equals("FloorBenchmark.floorDetector") && j.mode().equals("sample")
                && !"416".equals(j.params().getOrDefault("detectorSize", "416"))).toList();
        if (!sizes.isEmpty()) {
            sb.append("\n### Detector floor by input size\n\n");
            for (Jmh j : sizes) {
                sb.append(String.format(Locale.ROOT, "Detector floor at input %s (threads %s): p50 %s ms vs %s ms at 416.  %n",
                        j.params().get("detectorSize"), j.params().get("threads"), ms(toMs(j.p50(), j.unit())),
                        ms(p50("FloorBenchmark.floorDetector", "threads", j.params().get("threads"), "detectorSize", "416"))));
            }
        }

        List<Jmh> alerts = jmh.stream().filter(j -> j.bench().startsWith("AlertBenchmark.")).toList();
        sb.append("\n### Alerts\n\n");
        if (alerts.isEmpty()) {
            sb.append("Not measured in this run (").append(meta.getProperty("alerts", "sdk-alerts not built")).append(").\n");
        } else {
            sb.append("| benchmark | crop | mean µs | p50 µs | p99 µs | alloc B/op |\n|---|---|---:|---:|---:|---:|\n");
            for (String b : new String[] {"serialise", "sign", "serialiseAndSign", "outboxAppend"}) {
                for (String crop : b.equals("outboxAppend") ? new String[] {null} : new String[] {"none", "jpeg"}) {
                    String[] kv = crop == null ? new String[0] : new String[] {"crop", crop};
                    String name = "AlertBenchmark." + b;
                    sb.append("| ").append(b).append(" | ").append(crop == null ? "none (fsync per append)" : crop)
                            .append(" | ").append(ms(avg(name, kv) * 1000)).append(" | ").append(ms(p50(name, kv) * 1000))
                            .append(" | ").append(ms(p99(name, kv) * 1000)).append(" | ").append(bytes(alloc(name, kv))).append(" |\n");
                }
            }
        }
        return sb.toString();
    }

    private void stageRow(StringBuilder sb, String stage, String what, String bench, String[] k1, String[] k2) {
        sb.append("| ").append(stage).append(" | ").append(what)
                .append(" | ").append(ms(avg(bench, k1)))
                .append(" | ").append(ms(p50(bench, k1)))
                .append(" | ").append(ms(p99(bench, k1)))
                .append(" | ").append(k2 == null ? "–" : ms(p50(bench, k2)))
                .append(" | ").append(bytes(alloc(bench, k1))).append(" |\n");
    }

    // ---------------------------------------------------------------- chart

    private static final Color[] STAGE_COLORS = {
        new Color(0x9ecae1), new Color(0x3182bd), new Color(0xfdae6b), new Color(0xe6550d), new Color(0x9e9e9e)};
    private static final String[] STAGE_NAMES = {
        "detector preprocessing (resize)", "detector session.run (floor)", "face crops × faces",
        "landmark + 2 age session.run × faces (floor)", "rest of the SDK (decode, NMS, JNI, ...)"};

    void chart(Path file) throws IOException {
        int w = 1500;
        int h = 640;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString("EntryGuard per-frame latency (p50, ms): " + meta.getProperty("label", ""), 20, 24);
        stackedPanel(g, 20, 40, 860, 580);
        peerPanel(g, 900, 40, 580, 580);
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
    }

    /** Left: Java pipeline (1 thread) by resolution and face count, stacked by stage. */
    private void stackedPanel(Graphics2D g, int x0, int y0, int pw, int ph) {
        int left = x0 + 50;
        int bottom = y0 + ph - 90;
        int top = y0 + 30;
        double floorDet = p50("FloorBenchmark.floorDetector", "threads", "1", "detectorSize", "416");
        double floorAge = p50("FloorBenchmark.floorAge", "threads", "1", "detectorSize", "416");
        // the default estimator runs landmarks + the age net twice per face: its extra model time per face is the
        // paired floors' difference (default − faceApiCompatible, same run); 2 crops (landmark box, age box) per face
        JsonNode od = overhead.get("default " + HEADLINE_RES + " 1");
        JsonNode of = overhead.get("face-api " + HEADLINE_RES + " 1");
        if (od != null && of != null) {
            floorAge += Math.max(0, od.get("floorP50Ms").asDouble() - of.get("floorP50Ms").asDouble());
        }
        double preAge = 2 * p50("PreprocessBenchmark.ageInput");
        List<double[]> bars = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<Double> measured = new ArrayList<>();
        double max = 1;
        for (String res : BenchFrames.RESOLUTIONS) {
            double pre = p50("PreprocessBenchmark.detectorInput", "resolution", res);
            for (int f : BenchFrames.FACES) {
                double pipe = pipelineP50(res, f, 1);
                double[] s = {pre, floorDet, preAge * f, floorAge * f, 0};
                double sum = s[0] + s[1] + s[2] + s[3];
                s[4] = Math.max(0, pipe - sum);
                bars.add(s);
                labels.add(res.replace("x", "×") + " " + f + "f");
                measured.add(pipe);
                max = Math.max(max, Math.max(pipe, sum));
            }
        }
        max = niceMax(max);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.setColor(Color.BLACK);
        g.drawString("Java FrameAnalyzer (detect + age every face), 1 intra-op thread, by stage", left, y0 + 14);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        int right = x0 + pw - 10;
        for (int i = 0; i <= 5; i++) {
            double v = max * i / 5;
            int y = bottom - (int) ((bottom - top) * v / max);
            g.setColor(new Color(230, 230, 230));
            g.drawLine(left, y, right, y);
            g.setColor(Color.DARK_GRAY);
            g.drawString(ms(v), x0 + 5, y + 4);
        }
        int n = bars.size();
        int slot = (right - left) / n;
        int bw = slot * 6 / 10;
        for (int i = 0; i < n; i++) {
            int bx = left + i * slot + (slot - bw) / 2;
            double acc = 0;
            for (int s = 0; s < 5; s++) {
                double v = bars.get(i)[s];
                if (Double.isNaN(v) || v <= 0) {
                    continue;
                }
                int yA = bottom - (int) ((bottom - top) * (acc + v) / max);
                int yB = bottom - (int) ((bottom - top) * acc / max);
                g.setColor(STAGE_COLORS[s]);
                g.fillRect(bx, yA, bw, Math.max(1, yB - yA));
                acc += v;
            }
            double m = measured.get(i);
            if (!Double.isNaN(m)) {
                int ym = bottom - (int) ((bottom - top) * m / max);
                g.setColor(Color.BLACK);
                g.setStroke(new BasicStroke(2f));
                g.drawLine(bx - 4, ym, bx + bw + 4, ym);
                g.setStroke(new BasicStroke(1f));
                g.drawString(ms(m), bx, ym - 4);
            }
            g.setColor(Color.BLACK);
            g.drawString(labels.get(i), bx - 8, bottom + 16 + (i % 2) * 14);
        }
        g.drawLine(left, bottom, right, bottom);
        int[] end = legend(g, STAGE_COLORS, STAGE_NAMES, left, bottom + 50, 2);
        g.drawLine(end[0], end[1] - 4, end[0] + 14, end[1] - 4);
        g.drawString("measured pipeline p50", end[0] + 18, end[1]);
    }

    /**
     * Colour swatches with their names, left to right, starting a new line after each index in {@code breakAfter};
     * returns where the next entry would go {x, y}.
     */
    private static int[] legend(Graphics2D g, Color[] colors, String[] names, int left, int y, int... breakAfter) {
        int ly = y;
        int lx = left;
        for (int k = 0; k < names.length; k++) {
            g.setColor(colors[k]);
            g.fillRect(lx, ly - 10, 12, 12);
            g.setColor(Color.BLACK);
            g.drawString(names[k], lx + 16, ly);
            lx += 16 + g.getFontMetrics().stringWidth(names[k]) + 18;
            for (int b : breakAfter) {
                if (k == b) {
                    lx = left;
                    ly += 18;
                }
            }
        }
        return new int[] {lx, ly};
    }

    /** Right: Java (1 and 2 threads) vs the Node peer per frame, log scale. */
    private void peerPanel(Graphics2D g, int x0, int y0, int pw, int ph) {
        int left = x0 + 50;
        int bottom = y0 + ph - 90;
        int top = y0 + 30;
        int right = x0 + pw - 10;
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.setColor(Color.BLACK);
        g.drawString("Java SDK vs Node face-api.js peer (log scale)", left, y0 + 14);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        double lo = 1;
        double hi = 10000;
        for (double v = lo; v <= hi; v *= 10) {
            int y = bottom - (int) ((bottom - top) * Math.log10(v / lo) / Math.log10(hi / lo));
            g.setColor(new Color(230, 230, 230));
            g.drawLine(left, y, right, y);
            g.setColor(Color.DARK_GRAY);
            g.drawString(ms(v), x0 + 5, y + 4);
        }
        Color[] cs = {new Color(0x3182bd), new Color(0x9ecae1), new Color(0x31a354), new Color(0xe6550d), new Color(0x756bb1)};
        String[] names = {"Java FrameAnalyzer 1 thr", "Java FrameAnalyzer 2 thr", "Java EntranceGuard 1 thr (steady)",
            "Node face-api WASM", "Node face-api pure-JS CPU"};
        int n = BenchFrames.RESOLUTIONS.length * BenchFrames.FACES.length;
        int slot = (right - left) / n;
        int bw = Math.max(3, (slot - 6) / 5);
        int i = 0;
        for (String res : BenchFrames.RESOLUTIONS) {
            for (int f : BenchFrames.FACES) {
                Peer wasm = peer("wasm", res, f);
                Peer cpu = peer("cpu", res, f);
                double[] v = {pipelineP50(res, f, 1), pipelineP50(res, f, 2), guardP50(res, f),
                    wasm == null ? Double.NaN : wasm.p50(), cpu == null ? Double.NaN : cpu.p50()};
                int bx = left + i * slot + 3;
                for (int k = 0; k < 5; k++) {
                    if (Double.isNaN(v[k]) || v[k] <= 0) {
                        continue;
                    }
                    double c = Math.max(lo, Math.min(hi, v[k]));
                    int y = bottom - (int) ((bottom - top) * Math.log10(c / lo) / Math.log10(hi / lo));
                    g.setColor(cs[k]);
                    g.fillRect(bx + k * bw, y, bw - 1, bottom - y);
                }
                g.setColor(Color.BLACK);
                g.drawString(res.replace("x", "×") + " " + f + "f", bx - 6, bottom + 16 + (i % 2) * 14);
                i++;
            }
        }
        g.drawLine(left, bottom, right, bottom);
        legend(g, cs, names, left, bottom + 50, 1, 3);
    }

    static double niceMax(double v) {
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * p >= v) {
                return m * p;
            }
        }
        return 10 * p;
    }
}
