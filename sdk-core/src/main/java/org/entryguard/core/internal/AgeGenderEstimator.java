package org.entryguard.core.internal;

import org.entryguard.core.AgeCalibration;
import org.entryguard.core.AgeEstimate;
import org.entryguard.core.AgeEstimator;
import org.entryguard.core.EntryGuardException;
import org.entryguard.core.FaceBox;
import org.entryguard.core.ImageFrame;

import java.nio.FloatBuffer;
import java.util.Objects;

/**
 * face-api.js AgeGenderNet on a 112×112 face crop, with EntryGuard's accuracy options (MODELS.md §Accuracy).
 *
 * <p>The crop is always face-api's {@code extractFaceTensors} ({@link FaceCrop#faceApi}: box clipped to the
 * frame and floored, padded to a square with zeros split evenly, TF-legacy bilinear to 112); the graph normalises
 * itself. What varies is <em>which box</em> and what happens around the network:
 * <ul>
 *   <li>{@code landmarkCrop}: the box is face-api's {@code alignedRect}: the 68 tiny-landmark points found in the
 *       detector box, their bounding box padded by {@code landmarkPadding} of its size (face-api: 0.2, i.e. 10 %
 *       per side). Otherwise the detector box itself.</li>
 *   <li>{@code boxScale}: the box grown (positive) or shrunk (negative) by this fraction of its size per side,
 *       about its centre.</li>
 *   <li>{@code flip}: the network also runs on the mirrored input and the two ages are averaged.</li>
 *   <li>{@code calibration}: the raw age is mapped to the calibrated mean and spread of the true age.</li>
 * </ul>
 * With none of them (detector box, no flip, identity calibration) the age is bit-for-bit face-api's
 * {@code detectAllFaces(...).withAgeAndGender()}; with only {@code landmarkCrop} it is face-api's
 * {@code detectAllFaces(...).withFaceLandmarks(true).withAgeAndGender()}.
 */
public final class AgeGenderEstimator implements AgeEstimator {
    public static final String RESOURCE = "/org/entryguard/models/age_gender.onnx";
    public static final int SIZE = 112;
    /** Input [1,112,112,3] RGB 0..255; outputs age [1] and gender probabilities [1,2]. */
    public static final ModelContract CONTRACT = new ModelContract("AgeGenderNet")
            .input("input", 1, SIZE, SIZE, 3)
            .output("age", 1)
            .output("gender", 1, 2);

    /**
     * The estimator's options.
     *
     * @param landmarkCrop crop face-api's landmark box instead of the detector box
     * @param landmarkPadding total padding of the landmark box (face-api 0.2)
     * @param boxScale per-side growth of the box (negative shrinks)
     * @param flip average with the mirrored crop
     * @param calibration raw age → calibrated age and spread
     */
    public record Settings(boolean landmarkCrop, float landmarkPadding, float boxScale, boolean flip, AgeCalibration calibration) {
        public Settings {
            Objects.requireNonNull(calibration, "calibration");
        }
    }

    private final Predictor predictor;
    private final FloatTensor input;
    private final FloatTensor age;
    private final Settings settings;
    private final FaceCrop crop = new FaceCrop(SIZE);
    private final FaceLandmark68TinyNet landmarks;
    private float lastRaw = Float.NaN;
    /** Reused for every call that finds its own landmarks. */
    private final float[] points = new float[136];

    /**
     * @param model the age/gender model
     * @param landmarkModel the 68-point tiny landmark model; required when {@code settings.landmarkCrop()}
     */
    public AgeGenderEstimator(OnnxModel model, OnnxModel landmarkModel, Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        if (settings.landmarkCrop() && landmarkModel == null) {
            throw new IllegalArgumentException("landmarkCrop needs the landmark model");
        }
        this.predictor = new Predictor(model);
        this.input = predictor.input("input", 1, SIZE, SIZE, 3);
        this.age = predictor.output("age", 1);
        predictor.output("gender", 1, 2);
        FaceLandmark68TinyNet lm = null;
        if (settings.landmarkCrop()) {
            try {
                lm = new FaceLandmark68TinyNet(landmarkModel);
            } catch (RuntimeException e) {
                predictor.close();
                throw e;
            }
        }
        this.landmarks = lm;
    }

    /** face-api-exact estimator with a constant spread (the SDK's behaviour before calibration). */
    public AgeGenderEstimator(OnnxModel model, float spread) {
        this(model, null, new Settings(false, 0.2f, 0f, false, AgeCalibration.identity(spread)));
    }

    @Override
    public AgeEstimate estimate(ImageFrame frame, FaceBox box) {
        return estimate(frame, box, null);
    }

    @Override
    public AgeEstimate estimate(ImageFrame frame, FaceBox box, float[] given) {
        double bx = box.x();
        double by = box.y();
        double bw = box.width();
        double bh = box.height();
        if (settings.landmarkCrop()) {
            float[] p = given != null && given.length == points.length ? given : landmarks.detectInto(frame, box, points);
            double x0 = Double.MAX_VALUE;
            double y0 = Double.MAX_VALUE;
            double x1 = -Double.MAX_VALUE;
            double y1 = -Double.MAX_VALUE;
            for (int i = 0; i < p.length; i += 2) {
                x0 = Math.min(x0, p[i]);
                x1 = Math.max(x1, p[i]);
                y0 = Math.min(y0, p[i + 1]);
                y1 = Math.max(y1, p[i + 1]);
            }
            double w = x1 - x0;
            double h = y1 - y0;
            if (w >= 1 && h >= 1 && Double.isFinite(w) && Double.isFinite(h)) {
                // face-api Box.pad(w·pad, h·pad): half of the padding on each side
                double pad = settings.landmarkPadding();
                bx = x0 - w * pad / 2;
                by = y0 - h * pad / 2;
                bw = w * (1 + pad);
                bh = h * (1 + pad);
            }
        }
        if (settings.boxScale() != 0f) {
            double s = settings.boxScale();
            bx -= bw * s;
            by -= bh * s;
            bw *= 1 + 2 * s;
            bh *= 1 + 2 * s;
        }
        crop.faceApi(frame, bx, by, bw, bh, input.buffer());
        predictor.run();
        float raw = age.buffer().get(0);
        if (settings.flip()) {
            FaceCrop.mirror(input.buffer(), SIZE);
            predictor.run();
            raw = (raw + age.buffer().get(0)) / 2f;
        }
        lastRaw = raw;
        return settings.calibration().apply(raw);
    }

    /** The uncalibrated (flip-averaged) network age of the last {@link #estimate} call. */
    public float lastRawAge() { return lastRaw; }

    /** The options. */
    public Settings settings() { return settings; }

    @Override
    public AgeEstimator newInstance() {
        return new AgeGenderEstimator(predictor.model(), landmarks == null ? null : landmarks.model(), settings);
    }

    /** The last network input, for golden tests (the mirrored one when flip is on). */
    public FloatBuffer lastInput() { return input.buffer(); }

    @Override
    public void close() {
        predictor.close();
        if (landmarks != null) {
            landmarks.close();
        }
    }
}
