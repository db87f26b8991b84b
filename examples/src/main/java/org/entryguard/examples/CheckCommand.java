package org.entryguard.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.entryguard.core.EntryGuardException;
import org.entryguard.core.FaceAnalysis;
import org.entryguard.core.FaceDetector;
import org.entryguard.core.FrameAnalyzer;
import org.entryguard.core.ImageFiles;
import org.entryguard.core.ImageFrame;

import org.entryguard.core.rules.Ruling;
import org.entryguard.core.rules.VenueRules;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * {@code check [PHOTO...]}: one JSON line per face with box, score, age, spread and the decision the venue's
 * {@link VenueRules} make of that one shot, as the guard would (not a bare {@code age < challengeAge}: an estimate just
 * above the challenge age with a wide spread is still CHECK_ID). Without photos it checks the bundled public-domain
 * sample.
 */
final class CheckCommand {
    static final String SAMPLE = "/org/entryguard/examples/samples/astronaut.png";

    private CheckCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Options o = Options.parse(args, Set.of("challenge-age", "detector", "input-size", "venue", "at"));
        VenueRules rules = rules(o);
        Instant at = RulesCommand.at(o, rules.zone());
        ObjectMapper json = new ObjectMapper();
        int failed = 0;
        // the analyzer leaves what it is given to its giver (the SDK's ownership rule): this command closes the detector
        FaceDetector detector = null;
        FrameAnalyzer analyzer;
        try {
            detector = o.detector().build();
            analyzer = FrameAnalyzer.custom().detector(detector).build();
        } catch (IllegalArgumentException e) {
            closeIfBuilt(detector);
            throw new UsageException(e.getMessage());
        } catch (EntryGuardException e) {
            closeIfBuilt(detector);
            err.println("error: " + e.getMessage());
            return 1;
        }
        try (FaceDetector owned = detector; analyzer) {
            List<String> photos = o.positional;
            if (photos.isEmpty()) {
                err.println("no photo given: checking the bundled sample (NASA portrait, public domain)");
                ImageFrame sample = readSample();
                print(json, out, "sample:astronaut.png", analyzer.analyze(sample), rules, at);
                return 0;
            }
            int i = 0;
            for (String p : photos) {
                i++;
                if (photos.size() > 1) {
                    err.printf("[%d/%d] %s%n", i, photos.size(), p);
                }
                try {
                    // a truncated photo is refused, not scored on its grey remainder (issue 16 item 10)
                    ImageFrame frame = ImageFiles.read(Path.of(p), ImageFiles.DEFAULT_MAX_PIXELS, true);
                    print(json, out, p, analyzer.analyze(frame), rules, at);
                } catch (EntryGuardException e) {
                    failed++;
                    err.println("error: " + e.getMessage());
                    ObjectNode line = json.createObjectNode();
                    line.put("file", p);
                    line.put("error", e.getMessage());
                    out.println(line);
                }
            }
        }
        if (failed > 0) {
            err.println(failed + " of " + o.positional.size() + " photos could not be checked");
            return 1;
        }
        return 0;
    }

    private static ImageFrame readSample() {
        try (InputStream in = CheckCommand.class.getResourceAsStream(SAMPLE)) {
            if (in == null) {
                throw new EntryGuardException("bundled sample " + SAMPLE + " is missing from the jar; rebuild it");
            }
            return ImageFiles.read(in, "astronaut.png", ImageFiles.DEFAULT_MAX_PIXELS);
        } catch (IOException e) {
            throw new EntryGuardException("cannot read the bundled sample: " + e.getMessage(), e);
        }
    }

    /** The venue's rules ({@code --venue}, default KTV) with {@code --challenge-age} overriding its default. */
    static VenueRules rules(Options o) {
        VenueRules.Builder b = VenueRules.custom(EvaluateCommand.venue(o));
        if (o.value("challenge-age", null) != null) {
            try {
                b.challengeAge(o.intValue("challenge-age", VenueRules.DEFAULT_CHALLENGE_AGE, 1, 120));
                return b.build();
            } catch (IllegalArgumentException e) {
                throw new UsageException("--challenge-age: " + e.getMessage());
            }
        }
        return b.build();
    }

    private static void print(ObjectMapper json, PrintStream out, String file, List<FaceAnalysis> faces, VenueRules rules,
                              Instant at) {
        if (faces.isEmpty()) {
            ObjectNode line = json.createObjectNode();
            line.put("file", file);
            line.put("faces", 0);
            line.put("note", "no face found");
            out.println(line);
            return;
        }
        int n = 0;
        for (FaceAnalysis f : faces) {
            ObjectNode line = json.createObjectNode();
            line.put("file", file);
            line.put("face", n++);
            ObjectNode box = line.putObject("box");
            box.put("x", round(f.face().box().x(), 1));
            box.put("y", round(f.face().box().y(), 1));
            box.put("width", round(f.face().box().width(), 1));
            box.put("height", round(f.face().box().height(), 1));
            line.put("score", round(f.face().score(), 4));
            if (f.age() != null) {
                line.put("age", round(f.age().age(), 1));
                line.put("spread", round(f.age().spread(), 1));
                line.put("challengeAge", rules.challengeAge());
                // one photo is one shot: the same VenueRules.judge the guard applies to its fused estimate
                Ruling r = rules.judge(f.age().age(), f.age().spread(), 1, at);
                line.put("venue", rules.venueType().name());
                line.put("decision", r.decision().name());
                line.put("admitted", r.admitted());
                if (!Float.isNaN(r.minorProbability())) {
                    line.put("minorProbability", round(r.minorProbability(), 3));
                }
                line.put("rule", r.ruleApplied());
                line.put("reason", r.reason());
            }
            out.println(line);
        }
    }

    static double round(double v, int digits) {
        double m = Math.pow(10, digits);
        return Math.round(v * m) / m;
    }

    private static void closeIfBuilt(FaceDetector detector) {
        if (detector != null) {
            detector.close();
        }
    }
}
