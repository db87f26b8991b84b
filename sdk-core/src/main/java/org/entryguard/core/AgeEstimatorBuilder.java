package org.entryguard.core;

import org.entryguard.core.internal.AgeGenderEstimator;
import org.entryguard.core.internal.OnnxModel;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Configures and loads an {@link AgeEstimator}. With no settings it loads the bundled face-api AgeGenderNet
 * (112×112 input).
 */
public final class AgeEstimatorBuilder {
    /** Published AgeGenderNet MAE (4.54 y, face-api.js README) as a normal standard deviation: MAE·√(π/2). */
    public static final float DEFAULT_SPREAD = 4.54f * 1.2533141f;

    private Path modelFile;
    private InputStream modelStream;
    private float spread = DEFAULT_SPREAD;
    private int threads = 1;

    AgeEstimatorBuilder() {
    }

    /** Loads the weights from this ONNX file instead of the bundled one. */
    public AgeEstimatorBuilder modelFile(Path file) {
        this.modelFile = Objects.requireNonNull(file, "file");
        return this;
    }

    /** Loads the weights from this stream (read fully, not closed). */
    public AgeEstimatorBuilder modelStream(InputStream stream) {
        this.modelStream = Objects.requireNonNull(stream, "stream");
        return this;
    }

    /** The one-shot spread (years, one standard deviation) reported with each estimate. */
    public AgeEstimatorBuilder spread(float years) {
        if (!(years > 0f)) {
            throw new IllegalArgumentException("spread must be positive, got " + years);
        }
        this.spread = years;
        return this;
    }

    /** ONNX Runtime intra-op threads per inference; default 1. */
    public AgeEstimatorBuilder threads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be ≥ 1, got " + threads);
        }
        this.threads = threads;
        return this;
    }

    /** Loads the model; throws {@link ModelException} naming the file and contract if it is unusable. */
    public AgeEstimator build() {
        OnnxModel onnx;
        if (modelFile != null) {
            onnx = OnnxModel.loadFile(modelFile, AgeGenderEstimator.CONTRACT, threads);
        } else if (modelStream != null) {
            onnx = OnnxModel.loadStream(modelStream, "stream", AgeGenderEstimator.CONTRACT, threads);
        } else {
            onnx = OnnxModel.loadResource(AgeGenderEstimator.RESOURCE, AgeGenderEstimator.CONTRACT, threads);
        }
        try {
            return new AgeGenderEstimator(onnx, spread);
        } finally {
            onnx.release();
        }
    }
}
