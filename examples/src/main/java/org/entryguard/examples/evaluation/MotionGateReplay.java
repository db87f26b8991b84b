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

/**
 * Proof that the {@link MotionGate} loses no visit on a clip: every frame of the clip at the analysed rate
 * (ffmpeg's {@code fps} filter, decoded to BGR through a pipe, so the run is deterministic) goes through two real
 * guards on the bundled models, one without the gate and one with it, and their decisions are compared field by
 * field (visit id, decision, age, shots, reason, time, face box).
 *
 * <pre>
 * java -cp examples/target/entryguard.jar org.entryguard.examples.evaluation.MotionGateReplay CLIP [FPS=10] [WxH]
 * </pre>
 * Prints one JSON line: frames, detector runs with and without the gate, the share avoided, the decisions of each
 * and whether they are the same. Decodes with the ffmpeg program JavaCV ships (no system package needed).
 */
public final class MotionGateReplay {
    /** 2026-10-12 15:00 Beijing: a Monday in term time, within a KTV's hours. */
    private static final Instant SCHOOL_DAY = Instant.parse("2026-10-12T07:00:00Z");

    /**
     * What one clip gave.
     *
     * @param frames frames analysed by the guard without the gate (all of them)
     * @param avoided frames the gated guard left unanalysed
     * @param without the decisions without the gate, one line each
     * @param with the decisions with the gate
     */
    public record Result(int frames, long avoided, List<String> without, List<String> with) {
        /** Whether both guards decided the same visits the same way. */
        public boolean same() { return without.equals(with); }

        /** The share of detector runs the gate saved. */
        public double avoidedShare() { return frames == 0 ? 0 : avoided / (double) frames; }

        /** One JSON line. */
        public String json(String clip) {
            return String.format(Locale.ROOT, "{\"clip\": \"%s\", \"frames\": %d, \"detector_runs_without_gate\": %d, "
                            + "\"detector_runs_with_gate\": %d, \"avoided_share\": %.4f, \"decisions_without_gate\": %d, "
                            + "\"decisions_with_gate\": %d, \"same_decisions\": %b}", clip, frames, frames, frames - avoided,
                    avoidedShare(), without.size(), with.size(), same());
        }
    }

    private MotionGateReplay() {
    }

    /** Command line: see the class comment. */
    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length < 1) {
            System.err.println("usage: MotionGateReplay CLIP [FPS=10] [WxH, default the clip's]");
            System.exit(2);
        }
        double fps = args.length > 1 ? Double.parseDouble(args[1]) : 10;
        int[] size = args.length > 2 ? parseSize(args[2]) : probeSize(Path.of(args[0]));
        try (Models models = Models.ofDefaults()) {
            Result r = replay(Path.of(args[0]), fps, size[0], size[1], MotionGate.ofDefaults(), models);
            System.out.println(r.json(args[0]));
            if (!r.same()) {
                System.err.println("without the gate:\n  " + String.join("\n  ", r.without()));
                System.err.println("with the gate:\n  " + String.join("\n  ", r.with()));
                System.exit(1);
            }
        }
    }

    /** The ffmpeg program bundled with JavaCV's FFmpeg jar (unpacked once by JavaCPP). */
    static String ffmpeg() {
        return org.bytedeco.javacpp.Loader.load(org.bytedeco.ffmpeg.ffmpeg.class);
    }

    /** ffmpeg decoding {@code clip} through the video filter {@code filter} into packed BGR frames on its stdout. */
    static Process decodeBgr(Path clip, String filter) throws IOException {
        return new ProcessBuilder(ffmpeg(), "-hide_banner", "-loglevel", "error", "-i", clip.toString(), "-vf", filter,
                "-f", "rawvideo", "-pix_fmt", "bgr24", "-").redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    /** Replays {@code clip} scaled to w×h at {@code fps} through a guard without and one with {@code gate}. */
    public static Result replay(Path clip, double fps, int w, int h, MotionGate gate, Models models)
            throws IOException, InterruptedException {
        VenueRules rules = VenueRules.custom(VenueType.KTV).challengeAge(35).build(); // as the gateway demo
        Clock clock = Clock.fixed(SCHOOL_DAY, ZoneId.of("Asia/Shanghai"));
        List<EntryDecision> off = new ArrayList<>();
        List<EntryDecision> on = new ArrayList<>();
        Process p = decodeBgr(clip, "fps=" + fps + ",scale=" + w + ":" + h);
        int frames = 0;
        long avoided;
        try (EntranceGuard a = guard(rules, clock, models, MotionGate.off());
             EntranceGuard b = guard(rules, clock, models, gate);
             DataInputStream in = new DataInputStream(p.getInputStream())) {
            byte[] px = new byte[w * h * 3];
            long step = Math.round(1000 / fps);
            while (true) {
                try {
                    in.readFully(px);
                } catch (EOFException end) {
                    break;
                }
                ImageFrame f = ImageFrame.of(px, w, h, w * 3, PixelFormat.BGR, SCHOOL_DAY.toEpochMilli() + frames * step, "door");
                off.addAll(a.process(f));
                on.addAll(b.process(f));
                frames++;
            }
            avoided = b.detectorRunsAvoided();
        } finally {
            p.destroy();
        }
        if (p.waitFor() != 0 && frames == 0) {
            throw new IOException("ffmpeg could not decode " + clip + " (exit " + p.exitValue() + ")");
        }
        return new Result(frames, avoided, lines(off), lines(on));
    }

    private static EntranceGuard guard(VenueRules rules, Clock clock, Models m, MotionGate gate) {
        return EntranceGuard.custom(rules).cameraId("door").clock(clock).door(Door.anywhere()).detector(m.newDetector())
                .estimator(m.newEstimator()).landmarks(m.newLandmarks()).motionGate(gate).build();
    }

    /** The decisions as lines of what must not change with the gate: visit, decision, age, shots, time, box, reason. */
    public static List<String> lines(List<EntryDecision> ds) {
        List<String> out = new ArrayList<>();
        for (EntryDecision d : ds) {
            out.add(d.visitId() + " " + d.decision() + " admitted=" + d.admitted() + " age=" + d.age() + " shots="
                    + d.shotsUsed() + " at=" + d.decidedAt() + " box=" + d.faceBox() + " " + d.reason());
        }
        return out;
    }

    private static int[] parseSize(String s) {
        String[] p = s.toLowerCase(Locale.ROOT).split("x");
        return new int[] {Integer.parseInt(p[0]), Integer.parseInt(p[1])};
    }

    /** The clip's size from ffprobe. */
    public static int[] probeSize(Path clip) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "stream=width,height",
                "-of", "csv=p=0:s=x", clip.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        p.waitFor();
        return parseSize(out);
    }
}
