package org.entryguard.examples.evaluation;

import java.util.List;

/**
 * An inclusive range of true ages used to break down errors.
 *
 * @param label printable name, e.g. "13-15"
 * @param min lowest age in the band
 * @param max highest age in the band
 */
public record AgeBand(String label, int min, int max) {
    /** The bands the reports use: 0–12, 13–15, 16–17, 18–20, 21–25, 26–40, 41+. */
    public static final List<AgeBand> REPORT_BANDS = List.of(
            new AgeBand("0-12", 0, 12), new AgeBand("13-15", 13, 15), new AgeBand("16-17", 16, 17),
            new AgeBand("18-20", 18, 20), new AgeBand("21-25", 21, 25), new AgeBand("26-40", 26, 40),
            new AgeBand("41+", 41, 200));

    /** Whether an age falls in the band. */
    public boolean contains(int age) {
        return age >= min && age <= max;
    }
}
