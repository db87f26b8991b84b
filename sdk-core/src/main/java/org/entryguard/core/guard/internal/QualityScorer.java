package org.entryguard.core.guard.internal;

import org.entryguard.core.Face;
import org.entryguard.core.FaceBox;
import org.entryguard.core.ImageFrame;
import org.entryguard.core.PixelFormat;
import org.entryguard.core.guard.FaceQuality;

/**
 * Measures a face shot against a {@link FaceQuality} gate. Holds one reusable grey patch; one instance per
 * camera thread; no allocation per call.
 */
public final class QualityScorer {
    private static final int N = FaceQuality.SAMPLE_SIZE;

    private final FaceQuality gate;
    private final float[] patch = new float[N * N];
    private final int[] colStart = new int[N + 1];
    private final int[] rowStart = new int[N + 1];
    private final EyeVisibility eyes = new EyeVisibility();

    public QualityScorer(FaceQuality gate) {
        this.gate = gate;
    }

    /** The gate. */
    public FaceQuality gate() { return gate; }

    /** Measures {@code face} in {@code frame} into {@code out}; returns whether it passed. */
    public boolean measure(ImageFrame frame, Face face, Measurement out) {
        FaceBox b = face.box();
        out.detectorScore = face.score();
        out.faceSize = Math.min(b.width(), b.height());
        out.edgeMargin = Math.min(Math.min(b.x(), b.y()),
                Math.min(frame.width() - b.right(), frame.height() - b.bottom()));
        out.brightness = 0f;
        out.contrast = 0f;
        out.sharpness = 0f;
        out.score = 0f;
        out.occlusionChecked = false;
        out.eyeVisibility = Float.NaN;
        measurePose(face, out);
        if (!sample(frame, b)) {
            out.failure = FaceQuality.Failure.AT_EDGE; // nothing of the box lies inside the frame
            return false;
        }
        photometry(out);
        out.failure = verdict(out);
        if (out.failure == FaceQuality.Failure.NONE && gate.occlusionCheck() && face.hasLandmarks()
                && !occlusion(frame, face.landmarks(), out)) {
            out.failure = FaceQuality.Failure.OCCLUDED;
        }
        if (out.failure == FaceQuality.Failure.NONE) {
            out.score = composite(out);
        }
        return out.failure == FaceQuality.Failure.NONE;
    }

    /**
     * The occlusion check alone, on landmarks found after {@link #measure} (e.g. by the age estimator): records
     * the eye visibility in {@code out} and, when it is below the gate, sets the failure to
     * {@link FaceQuality.Failure#OCCLUDED} and the score to 0. Landmarks of an unknown layout, or eyes too close
     * to the frame edge to measure, leave the shot as it was ({@code occlusionChecked = false}).
     *
     * @return false when the shot fails the occlusion check, true otherwise (also when the check is off)
     */
    public boolean checkOcclusion(ImageFrame frame, float[] landmarks, Measurement out) {
        if (!gate.occlusionCheck() || landmarks == null || landmarks.length == 0) {
            return true;
        }
        if (occlusion(frame, landmarks, out)) {
            return true;
        }
        out.failure = FaceQuality.Failure.OCCLUDED;
        out.score = 0f;
        return false;
    }

    private boolean occlusion(ImageFrame frame, float[] landmarks, Measurement out) {
        float v = eyes.measure(frame, landmarks);
        out.eyeVisibility = v;
        out.occlusionChecked = !Float.isNaN(v);
        return !out.occlusionChecked || v >= gate.minEyeVisibility();
    }

    private FaceQuality.Failure verdict(Measurement m) {
        if (m.detectorScore < gate.minDetectorScore()) {
            return FaceQuality.Failure.LOW_SCORE;
        }
        if (m.faceSize < gate.minFaceSize()) {
            return FaceQuality.Failure.TOO_SMALL;
        }
        if (m.edgeMargin < gate.minEdgeMargin()) {
            return FaceQuality.Failure.AT_EDGE;
        }
        if (m.brightness < gate.minBrightness()) {
            return FaceQuality.Failure.TOO_DARK;
        }
        if (m.brightness > gate.maxBrightness()) {
            return FaceQuality.Failure.TOO_BRIGHT;
        }
        if (m.contrast < gate.minContrast()) {
            return FaceQuality.Failure.LOW_CONTRAST;
        }
        if (m.sharpness < gate.minSharpness()) {
            return FaceQuality.Failure.BLURRED;
        }
        if (m.poseChecked) {
            if (Math.abs(m.yaw) >= gate.maxYaw()) {
                return FaceQuality.Failure.YAW;
            }
            if (Math.abs(m.pitch) >= gate.maxPitch()) {
                return FaceQuality.Failure.PITCH;
            }
            if (Math.abs(m.roll) >= gate.maxRoll()) {
                return FaceQuality.Failure.ROLL;
            }
        }
        return FaceQuality.Failure.NONE;
    }

    /** Ranks passing shots: bigger, sharper, more frontal and more certain is better; in (0, 1]. */
    private float composite(Measurement m) {
        float size = Math.min(1f, m.faceSize / Math.max(1f, 2f * gate.minFaceSize()));
        float sharp = (float) Math.sqrt(Math.min(1f, m.sharpness / Math.max(1f, 4f * gate.minSharpness())));
        float pose = 1f;
        if (m.poseChecked) {
            pose = 1f - 0.5f * Math.max(Math.abs(m.yaw) / Math.max(1f, gate.maxYaw()),
                    Math.max(Math.abs(m.pitch) / Math.max(1f, gate.maxPitch()), Math.abs(m.roll) / Math.max(1f, gate.maxRoll())));
        }
        return Math.max(1e-6f, m.detectorScore * size * sharp * pose);
    }

    /**
     * Area-averages the part of the box inside the frame into the N×N grey patch (BT.601 luma). Area
     * averaging (not point sampling) keeps the Laplacian comparable across face sizes: large faces are
     * low-pass filtered to the patch scale instead of aliasing.
     */
    private boolean sample(ImageFrame frame, FaceBox b) {
        int x0 = Math.max(0, (int) Math.floor(b.x()));
        int y0 = Math.max(0, (int) Math.floor(b.y()));
        int x1 = Math.min(frame.width(), (int) Math.ceil(b.right()));
        int y1 = Math.min(frame.height(), (int) Math.ceil(b.bottom()));
        int w = x1 - x0;
        int h = y1 - y0;
        if (w < 2 || h < 2) {
            return false;
        }
        for (int i = 0; i <= N; i++) {
            colStart[i] = x0 + (int) ((long) i * w / N);
            rowStart[i] = y0 + (int) ((long) i * h / N);
        }
        byte[] d = frame.data();
        int stride = frame.stride();
        boolean rgb = frame.format() == PixelFormat.RGB;
        int ro = rgb ? 0 : 2;
        int bo = rgb ? 2 : 0;
        for (int py = 0; py < N; py++) {
            int sy0 = rowStart[py];
            int sy1 = Math.max(sy0 + 1, rowStart[py + 1]);
            for (int px = 0; px < N; px++) {
                int sx0 = colStart[px];
                int sx1 = Math.max(sx0 + 1, colStart[px + 1]);
                float sum = 0f;
                for (int y = sy0; y < sy1; y++) {
                    int o = y * stride + sx0 * 3;
                    for (int x = sx0; x < sx1; x++, o += 3) {
                        sum += 0.299f * (d[o + ro] & 0xff) + 0.587f * (d[o + 1] & 0xff) + 0.114f * (d[o + bo] & 0xff);
                    }
                }
                patch[py * N + px] = sum / ((sy1 - sy0) * (sx1 - sx0));
            }
        }
        return true;
    }

    private void photometry(Measurement m) {
        double s = 0;
        double s2 = 0;
        for (float v : patch) {
            s += v;
            s2 += (double) v * v;
        }
        double mean = s / patch.length;
        m.brightness = (float) mean;
        m.contrast = (float) Math.sqrt(Math.max(0.0, s2 / patch.length - mean * mean));
        double l = 0;
        double l2 = 0;
        int n = 0;
        for (int y = 1; y < N - 1; y++) {
            for (int x = 1; x < N - 1; x++) {
                int i = y * N + x;
                double lap = 4 * patch[i] - patch[i - 1] - patch[i + 1] - patch[i - N] - patch[i + N];
                l += lap;
                l2 += lap * lap;
                n++;
            }
        }
        double lm = l / n;
        m.sharpness = (float) Math.max(0.0, l2 / n - lm * lm);
    }

    /**
     * Coarse head pose from landmarks: 5 points (eyes, nose tip, mouth corners; RetinaFace/SCRFD/YuNet order)
     * or the 68-point iBUG layout (face-api's landmark nets). Roll is the eye line's angle; yaw and pitch come
     * from the nose tip's offset from the eye-mouth frame, assuming the nose tip stands ≈ 0.55 inter-ocular
     * distances in front of the eyes (an average-face approximation good to a few degrees near frontal, which is
     * where the gate's 20° matters). Other layouts are not used.
     */
    static void measurePose(Face face, Measurement m) {
        m.poseChecked = false;
        m.yaw = Float.NaN;
        m.pitch = Float.NaN;
        m.roll = Float.NaN;
        float[] p = face.landmarks();
        if (p == null) {
            return;
        }
        float lex;
        float ley;
        float rex;
        float rey;
        float nx;
        float ny;
        float mlx;
        float mly;
        float mrx;
        float mry;
        if (p.length == 10) {
            lex = p[0]; ley = p[1]; rex = p[2]; rey = p[3]; nx = p[4]; ny = p[5];
            mlx = p[6]; mly = p[7]; mrx = p[8]; mry = p[9];
        } else if (p.length == 136) {
            lex = mean(p, 36, 42, 0); ley = mean(p, 36, 42, 1);
            rex = mean(p, 42, 48, 0); rey = mean(p, 42, 48, 1);
            nx = p[60]; ny = p[61];
            mlx = p[96]; mly = p[97]; mrx = p[108]; mry = p[109];
        } else {
            return;
        }
        double ex = rex - lex;
        double ey = rey - ley;
        double iod = Math.hypot(ex, ey);
        if (iod < 1e-3) {
            return;
        }
        double roll = Math.atan2(ey, ex);
        double c = Math.cos(-roll);
        double s = Math.sin(-roll);
        // rotate everything so the eyes are level, origin at the eye midpoint
        double emx = (lex + rex) / 2.0;
        double emy = (ley + rey) / 2.0;
        double mmx = (mlx + mrx) / 2.0 - emx;
        double mmy = (mly + mry) / 2.0 - emy;
        double nxr = c * (nx - emx) - s * (ny - emy);
        double nyr = s * (nx - emx) + c * (ny - emy);
        double myr = s * mmx + c * mmy;
        double depth = 0.55 * iod;
        double yaw = Math.toDegrees(Math.atan2(nxr, depth));
        // frontal: nose tip ≈ 0.55 of the way from eye line to mouth line
        double pitch = myr > 1e-3 ? Math.toDegrees(Math.atan2((nyr / myr - 0.55) * myr, depth)) : 0.0;
        m.roll = (float) Math.toDegrees(roll);
        m.yaw = (float) yaw;
        m.pitch = (float) pitch;
        m.poseChecked = true;
    }

    private static float mean(float[] p, int from, int to, int coord) {
        float s = 0f;
        for (int i = from; i < to; i++) {
            s += p[2 * i + coord];
        }
        return s / (to - from);
    }
}
