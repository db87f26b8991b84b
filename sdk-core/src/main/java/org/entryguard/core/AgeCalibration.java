package org.entryguard.core;

import org.entryguard.core.internal.Stats;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns the age model's raw output into a distribution of the person's <em>true</em> age: for a raw estimate
 * {@code e}, true age ≈ Normal(mean(e), spread(e)). Both are piecewise-linear in {@code e} over a small table of
 * knots, fitted on labelled photos ({@link #fit}); beyond the table the mean keeps the last knot's offset and
 * the spread the last knot's value.
 *
 * <p>The estimator reports {@code mean(e)} as {@link AgeEstimate#age()} and {@code spread(e)} as
 * {@link AgeEstimate#spread()}, so the venue rules' {@code P(minor) = Φ((18 − age) / spread)} is the calibrated
 * probability that the person is under 18. The bundled table ({@link #ofDefaults()}) was fitted on the fit half of
 * the faces-public set for the default estimator configuration; its held-out accuracy is in the package notes
 * (<a href="package-summary.html#models">Models</a>). A calibration is only valid for the estimator configuration (crop, flip, model) it was
 * fitted for. It also carries that set's age mix as its prior (many teenagers and young adults), so read
 * P(minor) as a score whose thresholds were chosen for the stop/pass rates, not as a population probability.
 *
 * <p>Immutable and thread-safe.
 */
public final class AgeCalibration {
    private static final Map<AgeModel, AgeCalibration> BUNDLED = new ConcurrentHashMap<>();

    private final float[] knots;
    private final float[] mean;
    private final float[] spread;
    private final String description;

    private AgeCalibration(float[] knots, float[] mean, float[] spread, String description) {
        if (knots.length == 0 || knots.length != mean.length || knots.length != spread.length) {
            throw new IllegalArgumentException("a calibration needs ≥ 1 knot with a mean and a spread each");
        }
        for (int i = 0; i < knots.length; i++) {
            if (!Float.isFinite(knots[i]) || !Float.isFinite(mean[i]) || !(spread[i] > 0f) || !Float.isFinite(spread[i])) {
                throw new IllegalArgumentException("calibration knot " + i + " is not finite or has a spread ≤ 0");
            }
            if (i > 0 && !(knots[i] > knots[i - 1])) {
                throw new IllegalArgumentException("calibration knots must increase, got " + knots[i - 1] + " then " + knots[i]);
            }
        }
        this.knots = knots;
        this.mean = mean;
        this.spread = spread;
        this.description = description;
    }

    /** A table from arrays (copied): raw-estimate knots (increasing), true-age means and spreads. */
    public static AgeCalibration of(float[] knots, float[] mean, float[] spread) {
        return new AgeCalibration(knots.clone(), mean.clone(), spread.clone(), "custom table");
    }

    /** No calibration: the raw estimate with a constant spread (face-api's behaviour plus a fixed error). */
    public static AgeCalibration identity(float spread) {
        return new AgeCalibration(new float[] {0f}, new float[] {0f}, new float[] {spread},
                String.format(Locale.ROOT, "identity, spread %.2f", spread));
    }

    /** The bundled table: the one shipped with the SDK for the default estimator configuration and model ({@link AgeEstimatorBuilder#DEFAULT_MODEL}). */
    public static AgeCalibration ofDefaults() {
        return ofDefaults(AgeEstimatorBuilder.DEFAULT_MODEL);
    }

    /** The bundled table shipped with the SDK for {@code model} under the default crop and mirror settings. */
    public static AgeCalibration ofDefaults(AgeModel model) {
        AgeCalibration c = BUNDLED.get(model);
        if (c == null) {
            String resource = model.calibrationResource();
            try (InputStream in = AgeCalibration.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new ModelException("Bundled calibration " + resource + " is missing from the classpath; the sdk-core jar is incomplete");
                }
                c = parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "bundled " + resource);
            } catch (IOException e) {
                throw new ModelException("Cannot read bundled calibration " + resource + ": " + e.getMessage(), e);
            }
            BUNDLED.put(model, c);
        }
        return c;
    }

    /** Reads a table written by {@link #toCsv()}. */
    public static AgeCalibration load(Path file) {
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new ModelException("Cannot read calibration " + file + ": " + e.getMessage(), e);
        }
    }

    /** Parses CSV {@code raw,mean,spread} lines; '#' comments and the header are skipped. */
    public static AgeCalibration parse(String csv, String name) {
        List<float[]> rows = new ArrayList<>();
        String[] lines = csv.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i].trim();
            if (l.isEmpty() || l.startsWith("#") || l.startsWith("raw")) {
                continue;
            }
            String[] f = l.split(",");
            if (f.length != 3) {
                throw new ModelException("Calibration " + name + " line " + (i + 1) + ": expected raw,mean,spread, got '" + l + "'");
            }
            try {
                rows.add(new float[] {Float.parseFloat(f[0].trim()), Float.parseFloat(f[1].trim()), Float.parseFloat(f[2].trim())});
            } catch (NumberFormatException e) {
                throw new ModelException("Calibration " + name + " line " + (i + 1) + " is not numeric: '" + l + "'");
            }
        }
        float[] k = new float[rows.size()];
        float[] m = new float[rows.size()];
        float[] s = new float[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            k[i] = rows.get(i)[0];
            m[i] = rows.get(i)[1];
            s[i] = rows.get(i)[2];
        }
        try {
            return new AgeCalibration(k, m, s, name);
        } catch (IllegalArgumentException e) {
            throw new ModelException("Calibration " + name + " is invalid: " + e.getMessage(), e);
        }
    }

    /**
     * Fits a table to raw estimates and true ages (a local, kernel-weighted fit):
     * <ol>
     *   <li>at knots every {@code step} years of raw estimate, Gaussian weights {@code exp(−(e − knot)² / 2h²)}
     *       with bandwidth {@code h = step};</li>
     *   <li>mean = weighted mean of the true ages, spread = weighted standard deviation (at least 1 year);</li>
     *   <li>knots whose effective number of photos ({@code (Σw)²/Σw²}) is below 12 are dropped, so the ends are
     *       where the data still speak;</li>
     *   <li>the means are made non-decreasing (pool-adjacent-violators, weighted by Σw), so a higher raw
     *       estimate never means a younger person.</li>
     * </ol>
     */
    public static AgeCalibration fit(double[] raw, int[] trueAge, double step) {
        if (raw.length != trueAge.length || raw.length < 24) {
            throw new IllegalArgumentException("fit needs ≥ 24 (estimate, true age) pairs of equal count, got " + raw.length);
        }
        if (!(step > 0)) {
            throw new IllegalArgumentException("step must be positive");
        }
        double lo = Arrays.stream(raw).min().orElseThrow();
        double hi = Arrays.stream(raw).max().orElseThrow();
        double h = step;
        List<double[]> rows = new ArrayList<>();
        for (double k = Math.floor(lo / step) * step; k <= hi + 1e-9; k += step) {
            double sw = 0;
            double sw2 = 0;
            double s1 = 0;
            for (int i = 0; i < raw.length; i++) {
                double d = (raw[i] - k) / h;
                double w = Math.exp(-0.5 * d * d);
                sw += w;
                sw2 += w * w;
                s1 += w * trueAge[i];
            }
            if (sw <= 0 || sw * sw / sw2 < 12) {
                continue;
            }
            double m = s1 / sw;
            double v = 0;
            for (int i = 0; i < raw.length; i++) {
                double d = (raw[i] - k) / h;
                double w = Math.exp(-0.5 * d * d);
                v += w * (trueAge[i] - m) * (trueAge[i] - m);
            }
            rows.add(new double[] {k, m, Math.max(1.0, Math.sqrt(v / sw)), sw});
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("no knot has enough data; use a larger step or more photos");
        }
        isotonic(rows);
        float[] kk = new float[rows.size()];
        float[] mm = new float[rows.size()];
        float[] ss = new float[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            kk[i] = round2(rows.get(i)[0]);
            mm[i] = round2(rows.get(i)[1]);
            ss[i] = round2(rows.get(i)[2]);
        }
        return new AgeCalibration(kk, mm, ss, String.format(Locale.ROOT, "fitted on %d photos, step %.1f", raw.length, step));
    }

    private static void isotonic(List<double[]> rows) {
        int n = rows.size();
        double[] val = new double[n];
        double[] wt = new double[n];
        int[] len = new int[n];
        int blocks = 0;
        for (double[] r : rows) {
            val[blocks] = r[1];
            wt[blocks] = r[3];
            len[blocks] = 1;
            blocks++;
            while (blocks > 1 && val[blocks - 2] > val[blocks - 1]) {
                double w = wt[blocks - 2] + wt[blocks - 1];
                val[blocks - 2] = (val[blocks - 2] * wt[blocks - 2] + val[blocks - 1] * wt[blocks - 1]) / w;
                wt[blocks - 2] = w;
                len[blocks - 2] += len[blocks - 1];
                blocks--;
            }
        }
        int i = 0;
        for (int b = 0; b < blocks; b++) {
            for (int j = 0; j < len[b]; j++) {
                rows.get(i++)[1] = val[b];
            }
        }
    }

    private static float round2(double v) {
        return (float) (Math.round(v * 100.0) / 100.0);
    }

    /** The calibrated estimate for a raw model output. */
    public AgeEstimate apply(float raw) {
        return new AgeEstimate(meanAt(raw), spreadAt(raw));
    }

    /** E[true age | raw]. */
    public float meanAt(float raw) {
        int n = knots.length;
        if (raw <= knots[0]) {
            return raw + (mean[0] - knots[0]);
        }
        if (raw >= knots[n - 1]) {
            return raw + (mean[n - 1] - knots[n - 1]);
        }
        int i = segment(raw);
        float t = (raw - knots[i]) / (knots[i + 1] - knots[i]);
        return mean[i] + t * (mean[i + 1] - mean[i]);
    }

    /** Standard deviation of the true age given raw. */
    public float spreadAt(float raw) {
        int n = knots.length;
        if (raw <= knots[0]) {
            return spread[0];
        }
        if (raw >= knots[n - 1]) {
            return spread[n - 1];
        }
        int i = segment(raw);
        float t = (raw - knots[i]) / (knots[i + 1] - knots[i]);
        return spread[i] + t * (spread[i + 1] - spread[i]);
    }

    /** P(true age &lt; {@code minorAge} | raw) under the calibrated normal. */
    public double minorProbability(float raw, int minorAge) {
        return Stats.normalCdf((minorAge - meanAt(raw)) / Math.max(0.1f, spreadAt(raw)));
    }

    private int segment(float raw) {
        int i = Arrays.binarySearch(knots, raw);
        return i >= 0 ? Math.min(i, knots.length - 2) : -i - 2;
    }

    /** Number of knots. */
    public int size() { return knots.length; }

    /** Where the table came from. */
    public String description() { return description; }

    /** The table as CSV ({@code raw,mean,spread}), readable by {@link #parse}. */
    public String toCsv() {
        StringBuilder sb = new StringBuilder("raw,mean,spread\n");
        for (int i = 0; i < knots.length; i++) {
            sb.append(String.format(Locale.ROOT, "%.2f,%.2f,%.2f%n", knots[i], mean[i], spread[i]));
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "AgeCalibration[" + description + ", " + knots.length + " knots]";
    }
}
