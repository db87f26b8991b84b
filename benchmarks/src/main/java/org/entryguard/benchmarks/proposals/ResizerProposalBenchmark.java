package org.entryguard.benchmarks.proposals;

import org.entryguard.benchmarks.BenchFrames;
import org.entryguard.core.Face;
import org.entryguard.core.FaceBox;
import org.entryguard.core.FaceDetector;
import org.entryguard.core.ImageFrame;
import org.entryguard.core.PixelFormat;
import org.entryguard.core.internal.TfBilinearResizer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.concurrent.TimeUnit;

/**
 * {@link ProposedResizer} (a suggested sdk-core change) against the same inputs as
 * {@code PreprocessBenchmark}; compare {@code detectorInputProposed} with {@code PreprocessBenchmark.detectorInput}
 * and {@code ageInputProposed} with {@code PreprocessBenchmark.ageInput}. The set-up first proves the proposal
 * bit-identical to {@link TfBilinearResizer} on every benchmark frame (BGR and RGB) and every detected face crop.
 */
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ResizerProposalBenchmark {
    static final int DET = 416;
    static final int AGE = 112;

    static FloatBuffer direct(int floats) {
        return ByteBuffer.allocateDirect(floats * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /** Throws unless both resizers give the same floats for every frame and face crop. */
    static void verify() {
        TfBilinearResizer ref = new TfBilinearResizer();
        ProposedResizer prop = new ProposedResizer();
        FloatBuffer a = direct(DET * DET * 3);
        FloatBuffer b = direct(DET * DET * 3);
        int checks = 0;
        try (FaceDetector det = FaceDetector.builder().build()) {
            for (String res : BenchFrames.RESOLUTIONS) {
                for (int faces : BenchFrames.FACES) {
                    ImageFrame bgr = BenchFrames.frame(res, faces);
                    byte[] swapped = bgr.data().clone();
                    for (int i = 0; i < swapped.length; i += 3) {
                        byte t = swapped[i];
                        swapped[i] = swapped[i + 2];
                        swapped[i + 2] = t;
                    }
                    ImageFrame rgb = ImageFrame.of(swapped, bgr.width(), bgr.height(), PixelFormat.RGB);
                    for (ImageFrame f : new ImageFrame[] {bgr, rgb}) {
                        int side = Math.max(f.width(), f.height());
                        ref.resize(f, 0, 0, f.width(), f.height(), side, side, 0, 0, DET, DET, a);
                        prop.resize(f, 0, 0, f.width(), f.height(), side, side, 0, 0, DET, DET, b);
                        same(a, b, DET * DET * 3, f + " detector input");
                        checks++;
                        for (Face face : det.detect(bgr)) {
                            int[] g = cropGeometry(f, face.box());
                            ref.resize(f, g[0], g[1], g[2], g[3], g[4], g[4], g[5], g[6], AGE, AGE, a);
                            prop.resize(f, g[0], g[1], g[2], g[3], g[4], g[4], g[5], g[6], AGE, AGE, b);
                            same(a, b, AGE * AGE * 3, f + " face " + face.box());
                            checks++;
                        }
                    }
                }
            }
        }
        System.out.println("ProposedResizer: bit-identical to TfBilinearResizer on " + checks + " inputs");
    }

    private static void same(FloatBuffer a, FloatBuffer b, int n, String what) {
        for (int i = 0; i < n; i++) {
            if (Float.floatToRawIntBits(a.get(i)) != Float.floatToRawIntBits(b.get(i))) {
                throw new IllegalStateException("ProposedResizer differs from TfBilinearResizer at float " + i + " of " + what
                        + ": " + a.get(i) + " vs " + b.get(i));
            }
        }
    }

    /** AgeGenderEstimator's crop: {cx, cy, w, h, side, offX, offY}. */
    static int[] cropGeometry(ImageFrame frame, FaceBox box) {
        double x = Math.max(box.x(), 0);
        double y = Math.max(box.y(), 0);
        int cx = (int) Math.floor(x);
        int cy = (int) Math.floor(y);
        int w = Math.min((int) Math.floor(Math.min(box.right() - x, frame.width() - x)), frame.width() - cx);
        int h = Math.min((int) Math.floor(Math.min(box.bottom() - y, frame.height() - y)), frame.height() - cy);
        int side = Math.max(w, h);
        int diff = side - Math.min(w, h);
        int prepend = diff - (int) Math.round(diff * 0.5);
        return new int[] {cx, cy, w, h, side, w < h ? prepend : 0, h < w ? prepend : 0};
    }

    @State(Scope.Thread)
    public static class Frame {
        @Param({"640x480", "1280x720", "1920x1080"})
        public String resolution;
        ImageFrame frame;
        final ProposedResizer resizer = new ProposedResizer();
        FloatBuffer dst = direct(DET * DET * 3);

        @Setup
        public void setUp() {
            verify();
            frame = BenchFrames.frame(resolution, 1);
        }
    }

    @State(Scope.Thread)
    public static class Crop {
        ImageFrame frame;
        final ProposedResizer resizer = new ProposedResizer();
        FloatBuffer dst = direct(AGE * AGE * 3);
        int[] g;

        @Setup
        public void setUp() {
            frame = BenchFrames.frame("1920x1080", 1);
            try (FaceDetector d = FaceDetector.builder().build()) {
                g = cropGeometry(frame, d.detect(frame).get(0).box());
            }
        }
    }

    @Benchmark
    public FloatBuffer detectorInputProposed(Frame s) {
        int side = Math.max(s.frame.width(), s.frame.height());
        s.resizer.resize(s.frame, 0, 0, s.frame.width(), s.frame.height(), side, side, 0, 0, DET, DET, s.dst);
        return s.dst;
    }

    @Benchmark
    public FloatBuffer ageInputProposed(Crop s) {
        int[] g = s.g;
        s.resizer.resize(s.frame, g[0], g[1], g[2], g[3], g[4], g[4], g[5], g[6], AGE, AGE, s.dst);
        return s.dst;
    }
}
