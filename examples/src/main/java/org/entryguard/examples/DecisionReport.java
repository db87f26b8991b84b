package org.entryguard.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.entryguard.core.rules.Decision;
import org.entryguard.core.rules.MinorPolicy;
import org.entryguard.core.rules.VenueRules;
import org.entryguard.examples.evaluation.Proportion;

import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The {@code decision} object of {@code evaluate}'s report.json: the two rates a regulator asks for under the
 * venue's real {@link VenueRules}, each as k of n with a 95 % Wilson interval ({@link Proportion}), overall, by
 * gender and by race. A 13–17-year-old is <em>stopped</em> when the decision is anything but ADULT; a person aged
 * 30+ is <em>passed</em> when it is ADULT. Rates are over faces that got a decision; faces that did not (no face
 * found, or a visit that ended without a decision) are counted separately, as the older report keys do.
 */
final class DecisionReport {
    /**
     * One photo or visit.
     *
     * @param gender "male", "female" or "" when not labelled
     * @param race race label or "" when not labelled
     * @param decision the decision, null when none was made (no face found)
     */
    record Row(int age, String gender, String race, Decision decision) {
    }

    private DecisionReport() {
    }

    /**
     * @param missed what a row without a decision means here, for the reader (e.g. "no face found")
     */
    static ObjectNode build(List<Row> rows, VenueRules rules, String missed) {
        ObjectNode n = new ObjectMapper().createObjectNode();
        n.put("venue", rules.venueType().name());
        n.put("rules", describe(rules));
        n.put("stopped", "a 13-17-year-old whose decision is not ADULT");
        n.put("passed", "a person aged 30+ whose decision is ADULT");
        n.put("rates_over", "decided faces; *_missed counts those without a decision (" + missed + ")");
        n.put("interval", "95% Wilson score interval");
        n.put("decided", rows.stream().filter(r -> r.decision() != null).count());
        n.put("missed", rows.stream().filter(r -> r.decision() == null).count());
        rates(n, rows);
        ObjectNode byGender = n.putObject("by_gender");
        for (String g : List.of("male", "female")) {
            rates(byGender.putObject(g), rows.stream().filter(r -> r.gender().equals(g)).toList());
        }
        ObjectNode byRace = n.putObject("by_race");
        for (String race : new TreeSet<>(rows.stream().map(Row::race).filter(s -> !s.isEmpty()).toList())) {
            rates(byRace.putObject(race), rows.stream().filter(r -> r.race().equals(race)).toList());
        }
        return n;
    }

    /** The rule text for reports, e.g. "KTV defaults: MINOR when P(minor) >= 0.75; ...". */
    static String describe(VenueRules rules) {
        String likelyMinor = rules.minorPolicy() == MinorPolicy.GUARDIAN_WORKFLOW ? "GUARDIAN_REQUIRED" : "MINOR";
        return rules.venueType() + " defaults: " + likelyMinor + " when P(minor) >= " + rules.minorConfidence()
                + "; ADULT when P(minor) <= " + rules.adultMaxMinorProbability() + " and age >= " + rules.challengeAge()
                + "; else CHECK_ID";
    }

    /** One line for the console: both headline rates with their intervals. */
    static String summary(List<Row> rows, VenueRules rules) {
        return String.format(Locale.ROOT, "venue decision (%s rules): 13-17 stopped %s, 30+ passed %s", rules.venueType(),
                text(stopped(rows), missed(rows, 13, 17)), text(passed(rows), missed(rows, 30, 200)));
    }

    private static void rates(ObjectNode n, List<Row> rows) {
        put(n.putObject("minors_13_17_stopped"), stopped(rows));
        n.put("minors_13_17_missed", missed(rows, 13, 17));
        put(n.putObject("adults_30plus_passed"), passed(rows));
        n.put("adults_30plus_missed", missed(rows, 30, 200));
    }

    private static Proportion stopped(List<Row> rows) {
        return proportion(rows, 13, 17, d -> d != Decision.ADULT);
    }

    private static Proportion passed(List<Row> rows) {
        return proportion(rows, 30, 200, d -> d == Decision.ADULT);
    }

    private static Proportion proportion(List<Row> rows, int min, int max, Predicate<Decision> hit) {
        List<Row> in = rows.stream().filter(r -> r.decision() != null && r.age() >= min && r.age() <= max).toList();
        return Proportion.wilson((int) in.stream().filter(r -> hit.test(r.decision())).count(), in.size());
    }

    private static long missed(List<Row> rows, int min, int max) {
        return rows.stream().filter(r -> r.decision() == null && r.age() >= min && r.age() <= max).count();
    }

    private static void put(ObjectNode n, Proportion p) {
        if (p.n() == 0) {
            n.putNull("rate");
        } else {
            n.put("rate", round(p.rate()));
        }
        n.put("k", p.k());
        n.put("n", p.n());
        n.put("lo", round(p.lo()));
        n.put("hi", round(p.hi()));
    }

    private static String text(Proportion p, long missed) {
        return p.n() == 0 ? "n/a (no faces decided, " + missed + " missed)"
                : String.format(Locale.ROOT, "%.1f%% = %d/%d (95%% CI %.1f-%.1f%%, %d missed)", 100 * p.rate(), p.k(), p.n(),
                100 * p.lo(), 100 * p.hi(), missed);
    }

    private static double round(double v) {
        return Math.round(v * 10000) / 10000.0;
    }
}
