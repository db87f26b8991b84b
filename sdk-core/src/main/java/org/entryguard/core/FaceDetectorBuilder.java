package org.entryguard.core;

import org.entryguard.core.internal.OnnxModel;
import org.entryguard.core.internal.SsdFaceDetector;
import org.entryguard.core.internal.TinyFaceDetector;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Configures and loads a {@link FaceDetector}. Every setting has a working default: {@code
 * FaceDetector.custom().build()} loads the bundled TinyFaceDetector at 416×416, score ≥ 0.5.
 */
public final class FaceDetectorBuilder {
    private DetectorModel model = DetectorModel.TINY_FACE_DETECTOR;
    private Path modelFile;
    private InputStream modelStream;
    private int inputSize = -1;
    private float minScore = 0.5f;
    private float nmsIou = -1f;
    private int threads = 1;

    FaceDetectorBuilder() {
    }

    /** Which detector architecture (decides pre/post-processing); default TinyFaceDetector. */
    public FaceDetectorBuilder model(DetectorModel model) {
        this.model = Objects.requireNonNull(model, "model");
        return this;
    }

    /** Loads the weights from this ONNX file instead of the bundled one (same architecture). */
    public FaceDetectorBuilder modelFile(Path file) {
        this.modelFile = Objects.requireNonNull(file, "file");
        return this;
    }

    /** Loads the weights from this stream (read fully, not closed) instead of the bundled file. */
    public FaceDetectorBuilder modelStream(InputStream stream) {
        this.modelStream = Objects.requireNonNull(stream, "stream");
        return this;
    }

    /**
     * Network input side in pixels. TinyFaceDetector: a multiple of 32 (face-api uses 128–608; 416 default,
     * smaller is faster and misses small faces). SSD MobileNet V1 only accepts 512.
     */
    public FaceDetectorBuilder inputSize(int size) {
        this.inputSize = size;
        return this;
    }

    /** Faces scoring below this are dropped; default 0.5. */
    public FaceDetectorBuilder minScore(float score) {
        if (!(score >= 0f && score <= 1f)) {
            throw new IllegalArgumentException("minScore must be within [0, 1], got " + score);
        }
        this.minScore = score;
        return this;
    }

    /** Overlap above which the weaker of two boxes is suppressed; default 0.4 (tiny) or 0.5 (SSD) as in face-api. */
    public FaceDetectorBuilder nmsIou(float iou) {
        if (!(iou > 0f && iou <= 1f)) {
            throw new IllegalArgumentException("nmsIou must be within (0, 1], got " + iou);
        }
        this.nmsIou = iou;
        return this;
    }

    /** ONNX Runtime intra-op threads per inference; default 1 (scale with cameras, not threads). */
    public FaceDetectorBuilder threads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be ≥ 1, got " + threads);
        }
        this.threads = threads;
        return this;
    }

    /** Loads the model; throws {@link ModelException} naming the file and contract if it is unusable. */
    public FaceDetector build() {
        int size = inputSize > 0 ? inputSize : model.defaultInputSize();
        if (model == DetectorModel.TINY_FACE_DETECTOR && (size % 32 != 0 || size < 32 || size > 1024)) {
            throw new IllegalArgumentException("TinyFaceDetector inputSize must be a multiple of 32 between 32 and 1024, got "
                    + size + "; try 320, 416 or 512");
        }
        if (model == DetectorModel.SSD_MOBILENET_V1 && size != 512) {
            throw new IllegalArgumentException("SSD MobileNet V1 has a fixed 512x512 input, got inputSize " + size);
        }
        var contract = model == DetectorModel.TINY_FACE_DETECTOR ? TinyFaceDetector.CONTRACT : SsdFaceDetector.CONTRACT;
        OnnxModel onnx;
        if (modelFile != null) {
            onnx = OnnxModel.loadFile(modelFile, contract, threads);
        } else if (modelStream != null) {
            onnx = OnnxModel.loadStream(modelStream, "stream", contract, threads);
        } else {
            onnx = OnnxModel.loadResource(model.resource(), contract, threads);
        }
        try {
            if (model == DetectorModel.TINY_FACE_DETECTOR) {
                return new TinyFaceDetector(onnx, size, minScore, nmsIou > 0 ? nmsIou : 0.4f);
            }
            return new SsdFaceDetector(onnx, minScore, nmsIou > 0 ? nmsIou : 0.5f);
        } finally {
            onnx.release(); // the detector holds its own reference
        }
    }
}
