package org.entryguard.benchmarks;

import org.entryguard.core.AgeEstimator;
import org.entryguard.core.Face;
import org.entryguard.core.FaceBox;
import org.entryguard.core.FaceDetector;
import org.entryguard.core.FrameAnalyzer;
import org.entryguard.core.ImageFrame;

import java.util.List;

/** Shared setup: models built exactly as an integrator would, and checks that the frames hold what they claim. */
final class Fixtures {
    /** The detector input side used throughout (face-api's default, and the peer's). */
    static final int DETECTOR_SIZE = 416;
    /** Input side of the bundled age and landmark nets. */
    static final int AGE_SIZE = 112;

    private Fixtures() {
    }

    static FaceDetector detector(int threads) {
        return FaceDetector.custom().inputSize(DETECTOR_SIZE).threads(threads).build();
    }

    static AgeEstimator estimator(int threads) {
        return AgeEstimator.custom().threads(threads).build();
    }

    static FrameAnalyzer analyzer(int threads) {
        return analyzer(threads, "default");
    }

    /** {@code estimator}: "default" (the SDK default) or "face-api" ({@code faceApiCompatible()}, one age run per face). */
    static FrameAnalyzer analyzer(int threads, String estimator) {
        AgeEstimator e = switch (estimator) {
            case "default" -> estimator(threads);
            case "face-api" -> AgeEstimator.custom().faceApiCompatible().threads(threads).build();
            default -> throw new IllegalArgumentException("estimator must be default or face-api, got " + estimator);
        };
        return FrameAnalyzer.custom().detector(detector(threads)).estimator(e).build();
    }

    /** The biggest detected face of a frame, failing loudly if the count is not the expected one. */
    static FaceBox faceBox(FaceDetector detector, ImageFrame frame, int expected) {
        List<Face> faces = detector.detect(frame);
        if (faces.size() != expected) {
            throw new IllegalStateException(frame + ": expected " + expected + " face(s), the detector found " + faces.size()
                    + " " + faces + "; the benchmark frames (BenchFrames) no longer match the models");
        }
        return faces.isEmpty() ? null : faces.get(0).box();
    }

    static void expectFaces(int found, int expected, ImageFrame frame) {
        if (found != expected) {
            throw new IllegalStateException(frame + ": expected " + expected + " face(s), found " + found
                    + "; the benchmark frames (BenchFrames) no longer match the models");
        }
    }
}
