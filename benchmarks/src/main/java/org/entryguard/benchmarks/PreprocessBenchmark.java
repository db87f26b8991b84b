package org.entryguard.benchmarks;

import org.entryguard.core.FaceBox;
import org.entryguard.core.FaceDetector;
import org.entryguard.core.ImageFrame;
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
 * Pre-processing alone: {@link TfBilinearResizer} (face-api's padToSquare + TF resizeBilinear, BGR→RGB, to
 * float) into a reused direct buffer, with the same arguments as the detector and the age estimator use.
 * The one benchmark that reaches into {@code core.internal} (a known offender in {@code BoundariesTest}): the
 * resize has no public form, and timed through the public path it would drown in the model runs.
 */
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PreprocessBenchmark {

    @State(Scope.Thread)
    public static class Frame {
        @Param({"640x480", "1280x720", "1920x1080"})
        public String resolution;

        ImageFrame frame;
        final TfBilinearResizer resizer = new TfBilinearResizer();
        FloatBuffer dst;

        @Setup
        public void setUp() {
            frame = BenchFrames.frame(resolution, 1);
            int s = Fixtures.DETECTOR_SIZE;
            dst = ByteBuffer.allocateDirect(s * s * 3 * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
        }
    }

    @State(Scope.Thread)
    public static class Crop {
        ImageFrame frame;
        final TfBilinearResizer resizer = new TfBilinearResizer();
        FloatBuffer dst;
        int cx;
        int cy;
        int w;
        int h;
        int side;
        int offX;
        int offY;

        @Setup
        public void setUp() {
            frame = BenchFrames.frame("1920x1080", 1);
            FaceBox box;
            try (FaceDetector d = Fixtures.detector(1)) {
                box = Fixtures.faceBox(d, frame, 1);
            }
            // AgeGenderEstimator's crop geometry (clip, floor, pad to square evenly)
            cx = (int) Math.floor(Math.max(box.x(), 0));
            cy = (int) Math.floor(Math.max(box.y(), 0));
            w = (int) Math.floor(Math.min(box.right(), frame.width()) - Math.max(box.x(), 0));
            h = (int) Math.floor(Math.min(box.bottom(), frame.height()) - Math.max(box.y(), 0));
            side = Math.max(w, h);
            int diff = side - Math.min(w, h);
            int prepend = diff - (int) Math.round(diff * 0.5);
            offX = w < h ? prepend : 0;
            offY = h < w ? prepend : 0;
            int a = Fixtures.AGE_SIZE;
            dst = ByteBuffer.allocateDirect(a * a * 3 * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
        }
    }

    /** The detector's input: whole frame, padded bottom/right to a square, resized to 416×416. */
    @Benchmark
    public FloatBuffer detectorInput(Frame s) {
        int w = s.frame.width();
        int h = s.frame.height();
        int side = Math.max(w, h);
        int size = Fixtures.DETECTOR_SIZE;
        s.resizer.resize(s.frame, 0, 0, w, h, side, side, 0, 0, size, size, s.dst);
        return s.dst;
    }

    /** The age net's input: the 1080p face crop, padded evenly to a square, resized to 112×112. */
    @Benchmark
    public FloatBuffer ageInput(Crop s) {
        int a = Fixtures.AGE_SIZE;
        s.resizer.resize(s.frame, s.cx, s.cy, s.w, s.h, s.side, s.side, s.offX, s.offY, a, a, s.dst);
        return s.dst;
    }
}
