package org.entryguard.core;

import org.entryguard.core.internal.AgeGenderEstimator;
import org.entryguard.core.internal.FaceLandmark68TinyNet;
import org.entryguard.core.internal.OnnxModel;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Configures and loads an {@link AgeEstimator}: a bundled AgeGenderNet ({@link AgeModel}, 112×112 input).
 *
 * <p><b>Defaults</b> (why: <a href="package-summary.html#models">Models</a> in the package notes): the {@link AgeModel#DOOR} network (face-api's, with its
 * last layers fine-tuned for the door decision; research-only terms, see {@link AgeModel#DOOR}); the face is cropped
 * to face-api's landmark box ({@code alignedRect}: the bounding box of the 68 tiny-landmark points plus 10 % per
 * side, as face-api's {@code withFaceLandmarks().withAgeAndGender()} does); the network also sees the mirrored
 * crop and the two ages are averaged; the result is mapped through the model's bundled {@link AgeCalibration}, so
 * {@link AgeEstimate#age()} is the calibrated mean true age and {@link AgeEstimate#spread()} its calibrated spread
 * (for the door model: the lower semi-deviation, the side the under-18 decision is about).
 *
 * <p>{@link #faceApiCompatible()} gives face-api's own numbers instead (detector box, no mirror, raw age with
 * the constant {@link #DEFAULT_SPREAD}); golden tests against face-api use it.
 */
public final class AgeEstimatorBuilder {
    /** Published AgeGenderNet MAE (4.54 y, face-api.js README) as a normal standard deviation: MAE·√(π/2). */
    public static final float DEFAULT_SPREAD = 4.54f * 1.2533141f;
    /** The age network a plain {@code AgeEstimator.custom().build()} loads (see <a href="package-summary.html#models">Models</a>). */
    public static final AgeModel DEFAULT_MODEL = AgeModel.DOOR;
    /** face-api's {@code minBoxPadding} for the landmark box. */
    public static final float FACE_API_LANDMARK_PADDING = 0.2f;

    private AgeModel model = DEFAULT_MODEL;
    private Path modelFile;
    private InputStream modelStream;
    private Path landmarkModelFile;
    private int threads = 1;
    private boolean landmarkCrop = true;
    private float landmarkPadding = FACE_API_LANDMARK_PADDING;
    private float boxScale = 0f;
    private boolean flip = true;
    private AgeCalibration calibration;
    private float spread = DEFAULT_SPREAD;
    private boolean calibrated = true;

    AgeEstimatorBuilder() {
    }

    /**
     * face-api's exact behaviour: the detector box, no mirror averaging, no calibration (the raw network age
     * with the constant spread {@link #DEFAULT_SPREAD}, or the one set with {@link #spread}). The ages are
     * bit-for-bit face-api's {@code detectAllFaces(...).withAgeAndGender()} for the same box. Later settings
     * still apply on top (e.g. {@code .faceApiCompatible().landmarkCrop(true)} is face-api's landmark path).
     */
    public AgeEstimatorBuilder faceApiCompatible() {
        this.model = AgeModel.FACE_API;
        this.landmarkCrop = false;
        this.landmarkPadding = FACE_API_LANDMARK_PADDING;
        this.boxScale = 0f;
        this.flip = false;
        this.calibrated = false;
        this.calibration = null;
        return this;
    }

    /**
     * Which bundled age network to load; default {@link #DEFAULT_MODEL}. The default calibration follows the model
     * ({@link AgeCalibration#ofDefaults(AgeModel)}).
     */
    public AgeEstimatorBuilder model(AgeModel model) {
        this.model = Objects.requireNonNull(model, "model");
        return this;
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

    /** Loads the 68-point landmark model for {@link #landmarkCrop} from this file instead of the bundled one. */
    public AgeEstimatorBuilder landmarkModelFile(Path file) {
        this.landmarkModelFile = Objects.requireNonNull(file, "file");
        return this;
    }

    /**
     * Whether to crop face-api's landmark box instead of the detector box; default true. Costs one run of the
     * tiny landmark net (≈ 0.1 MB, about as fast as the age net) per estimate.
     */
    public AgeEstimatorBuilder landmarkCrop(boolean on) {
        this.landmarkCrop = on;
        return this;
    }

    /** Total padding of the landmark box as a fraction of its size; default 0.2 (face-api). Within [0, 1]. */
    public AgeEstimatorBuilder landmarkPadding(float fraction) {
        if (!(fraction >= 0f && fraction <= 1f)) {
            throw new IllegalArgumentException("landmarkPadding must be within [0, 1], got " + fraction);
        }
        this.landmarkPadding = fraction;
        return this;
    }

    /**
     * Grows (positive) or shrinks (negative) the crop box by this fraction of its size on each side, about its
     * centre; default 0. Within [−0.3, 0.5].
     */
    public AgeEstimatorBuilder boxScale(float perSide) {
        if (!(perSide >= -0.3f && perSide <= 0.5f)) {
            throw new IllegalArgumentException("boxScale must be within [-0.3, 0.5], got " + perSide);
        }
        this.boxScale = perSide;
        return this;
    }

    /** Whether to average the age of the crop and of its mirror image; default true (doubles the age-net cost). */
    public AgeEstimatorBuilder flip(boolean on) {
        this.flip = on;
        return this;
    }

    /**
     * The calibration from raw network age to true-age mean and spread; default the bundled table of the
     * {@link #model} ({@link AgeCalibration#ofDefaults(AgeModel)}), which is only valid for the default crop and flip
     * settings. With {@link #modelFile} or {@link #modelStream}, set the calibration fitted for that file.
     */
    public AgeEstimatorBuilder calibration(AgeCalibration calibration) {
        this.calibration = Objects.requireNonNull(calibration, "calibration");
        this.calibrated = true;
        return this;
    }

    /** Reports the raw network age with the constant {@link #spread} (no calibration). */
    public AgeEstimatorBuilder uncalibrated() {
        this.calibrated = false;
        this.calibration = null;
        return this;
    }

    /**
     * The constant one-shot spread (years, one standard deviation) reported with each estimate; implies
     * {@link #uncalibrated()}.
     */
    public AgeEstimatorBuilder spread(float years) {
        if (!(years > 0f)) {
            throw new IllegalArgumentException("spread must be positive, got " + years);
        }
        this.spread = years;
        return uncalibrated();
    }

    /** ONNX Runtime intra-op threads per inference; default 1. */
    public AgeEstimatorBuilder threads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be ≥ 1, got " + threads);
        }
        this.threads = threads;
        return this;
    }

    /** Loads the model(s); throws {@link ModelException} naming the file and contract if one is unusable. */
    public AgeEstimator build() {
        AgeCalibration cal = calibrated ? (calibration != null ? calibration : AgeCalibration.ofDefaults(model))
                : AgeCalibration.identity(spread);
        OnnxModel onnx;
        if (modelFile != null) {
            onnx = OnnxModel.loadFile(modelFile, AgeGenderEstimator.CONTRACT, threads);
        } else if (modelStream != null) {
            onnx = OnnxModel.loadStream(modelStream, "stream", AgeGenderEstimator.CONTRACT, threads);
        } else {
            onnx = OnnxModel.loadResource(model.resource(), AgeGenderEstimator.CONTRACT, threads);
        }
        OnnxModel lm = null;
        try {
            if (landmarkCrop) {
                lm = landmarkModelFile != null
                        ? OnnxModel.loadFile(landmarkModelFile, FaceLandmark68TinyNet.CONTRACT, threads)
                        : OnnxModel.loadResource(FaceLandmark68TinyNet.RESOURCE, FaceLandmark68TinyNet.CONTRACT, threads);
            }
            return new AgeGenderEstimator(onnx, lm, new AgeGenderEstimator.Settings(landmarkCrop, landmarkPadding, boxScale,
                    flip, cal));
        } finally {
            onnx.release();
            if (lm != null) {
                lm.release();
            }
        }
    }
}
