package org.entryguard.examples.evaluation;

import org.entryguard.core.AgeCalibration;
import org.entryguard.core.AgeEstimate;
import org.entryguard.core.rules.Decision;
import org.entryguard.core.rules.VenueRules;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The venue decision on single photos: each photo's raw age goes through an {@link AgeCalibration} and a
 * {@link VenueRules#judge} (one shot), giving ADULT, CHECK_ID or MINOR. A 13–17-year-old counts as
 * <em>stopped</em> unless the decision is ADULT; a person aged 30+ counts as <em>passed</em> only when it is
 * ADULT. Optionally a quality-gate refusal counts as CHECK_ID (the person is asked to look again or show ID).
 * Photos without a face are left out of the rates (reported separately as misses).
 */
public final class DecisionEvaluation {
    private static final Instant SCHOOL_DAY = Instant.parse("2026-03-11T12:00:00Z");

    private final List<ScoredPhoto> photos;
    private final AgeCalibration calibration;
    private final boolean refusalsStop;

    /**
     * @param photos the photos to count (already restricted to the half being reported)
     * @param calibration raw age → calibrated age and spread
     * @param refusalsStop whether a quality refusal counts as CHECK_ID (else the gate is ignored)
     */
    public DecisionEvaluation(List<ScoredPhoto> photos, AgeCalibration calibration, boolean refusalsStop) {
        this.photos = List.copyOf(photos);
        this.calibration = calibration;
        this.refusalsStop = refusalsStop;
    }

    /** The decision for one photo under {@code rules}; null when no face was found. */
    public Decision decide(ScoredPhoto p, VenueRules rules) {
        if (!p.found()) {
            return null;
        }
        if (refusalsStop && p.refused()) {
            return Decision.CHECK_ID;
        }
        AgeEstimate e = calibration.apply(p.rawAge());
        return rules.judge(e.age(), e.spread(), 1, SCHOOL_DAY).decision();
    }

    /** Shares of decisions for found faces with true age in [min, max]; empty map when there are none. */
    public Map<Decision, Double> shares(VenueRules rules, int min, int max) {
        Map<Decision, Integer> counts = new EnumMap<>(Decision.class);
        int n = 0;
        for (ScoredPhoto p : photos) {
            if (p.found() && p.trueAge() >= min && p.trueAge() <= max) {
                counts.merge(decide(p, rules), 1, Integer::sum);
                n++;
            }
        }
        Map<Decision, Double> out = new EnumMap<>(Decision.class);
        for (Decision d : Decision.values()) {
            if (n > 0) {
                out.put(d, counts.getOrDefault(d, 0) / (double) n);
            }
        }
        return out;
    }

    /** Share of found 13–17-year-olds not let through as ADULT. */
    public double minorsStopped(VenueRules rules) {
        Map<Decision, Double> s = shares(rules, 13, 17);
        return s.isEmpty() ? Double.NaN : 1.0 - s.get(Decision.ADULT);
    }

    /** Number of found 13–17-year-olds let through as ADULT. */
    public int minorsPassed(VenueRules rules) {
        int k = 0;
        for (ScoredPhoto p : photos) {
            if (p.found() && p.trueAge() >= 13 && p.trueAge() <= 17 && decide(p, rules) == Decision.ADULT) {
                k++;
            }
        }
        return k;
    }

    /** Share of found people aged 30+ let through as ADULT. */
    public double adultsPassed(VenueRules rules) {
        Map<Decision, Double> s = shares(rules, 30, 200);
        return s.isEmpty() ? Double.NaN : s.get(Decision.ADULT);
    }

    /** Share of found faces the quality gate refused, for true ages in [min, max]. */
    public double refusedShare(int min, int max) {
        int n = 0;
        int k = 0;
        for (ScoredPhoto p : photos) {
            if (p.found() && p.trueAge() >= min && p.trueAge() <= max) {
                n++;
                k += p.refused() ? 1 : 0;
            }
        }
        return n == 0 ? Double.NaN : (double) k / n;
    }

    /** The P(minor) operating curve: {@code adultMaxMinorProbability} swept over {@code thresholds}. */
    public List<Point> curve(VenueRules base, double[] thresholds) {
        List<Point> out = new ArrayList<>();
        for (double t : thresholds) {
            VenueRules r = VenueRules.from(base).adultMaxMinorProbability(t).build();
            out.add(new Point(t, minorsStopped(r), adultsPassed(r)));
        }
        return out;
    }

    /** The thresholds the reports sweep: 0.5 % … 40 %. */
    public static double[] standardThresholds() {
        return new double[] {0.005, 0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.08, 0.10, 0.15, 0.20, 0.30, 0.40};
    }

    /**
     * One operating point.
     *
     * @param adultMaxMinorProbability the highest P(minor) still passed as adult
     * @param minorsStopped share of 13–17 stopped
     * @param adultsPassed share of 30+ passed
     */
    public record Point(double adultMaxMinorProbability, double minorsStopped, double adultsPassed) {
    }
}
