package org.entryguard.examples.evaluation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Accuracy of an age check over labelled photos: detector misses, mean absolute error by band, and the two
 * rates a venue cares about at a challenge age: the share of 13–17-year-olds stopped (estimate below the
 * challenge age) and the share of people 30+ let through.
 *
 * <p>Rates are over photos where a face was found; {@link #minorsStoppedIncludingMissed} also counts a
 * missed minor as not stopped, which is what a door would do.
 */
public final class AgeEvaluation {
    private final List<LabelledResult> results;

    /** Over these results (copied). */
    public AgeEvaluation(List<LabelledResult> results) {
        this.results = List.copyOf(results);
    }

    /** All results. */
    public List<LabelledResult> results() { return results; }

    /** Number of photos. */
    public int n() { return results.size(); }

    /** Photos where no face was found. */
    public int missed() {
        return (int) results.stream().filter(r -> !r.found()).count();
    }

    /** MAE over found faces whose true age is in the band; NaN when there is none. */
    public double mae(AgeBand band) {
        return mae(band, null);
    }

    /** MAE over found faces in the band and (if not null) in the group. */
    public double mae(AgeBand band, String group) {
        double sum = 0;
        int n = 0;
        for (LabelledResult r : results) {
            if (r.found() && band.contains(r.trueAge()) && (group == null || group.equals(r.group()))) {
                sum += Math.abs(r.estimatedAge() - r.trueAge());
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** MAE per report band, in band order. */
    public Map<String, Double> maeByBand(String group) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (AgeBand b : AgeBand.REPORT_BANDS) {
            m.put(b.label(), mae(b, group));
        }
        return m;
    }

    /** Share of found 13–17-year-olds whose estimate is below the challenge age. */
    public double minorsStopped(double challengeAge) {
        return share(13, 17, r -> r.estimatedAge() < challengeAge, false);
    }

    /** As {@link #minorsStopped} but a missed minor counts as not stopped. */
    public double minorsStoppedIncludingMissed(double challengeAge) {
        return share(13, 17, r -> r.found() && r.estimatedAge() < challengeAge, true);
    }

    /** Share of found people aged 30+ whose estimate is at or above the challenge age. */
    public double adultsPassed(double challengeAge) {
        return share(30, 200, r -> r.estimatedAge() >= challengeAge, false);
    }

    /** Counts of found faces with true age within [min, max]. */
    public int count(int min, int max) {
        return (int) results.stream().filter(r -> r.found() && r.trueAge() >= min && r.trueAge() <= max).count();
    }

    /** The operating curve for challenge ages from {@code from} to {@code to} (inclusive). */
    public List<CurvePoint> curve(int from, int to) {
        List<CurvePoint> points = new ArrayList<>();
        for (int a = from; a <= to; a++) {
            points.add(new CurvePoint(a, minorsStopped(a), adultsPassed(a)));
        }
        return points;
    }

    private double share(int min, int max, java.util.function.Predicate<LabelledResult> hit, boolean includeMissed) {
        int n = 0;
        int k = 0;
        for (LabelledResult r : results) {
            if (r.trueAge() < min || r.trueAge() > max || (!includeMissed && !r.found())) {
                continue;
            }
            n++;
            if (hit.test(r)) {
                k++;
            }
        }
        return n == 0 ? Double.NaN : (double) k / n;
    }

    /**
     * One operating point.
     *
     * @param challengeAge estimates below this are stopped
     * @param minorsStopped share of 13–17 stopped
     * @param adultsPassed share of 30+ passed
     */
    public record CurvePoint(int challengeAge, double minorsStopped, double adultsPassed) {
    }
}
