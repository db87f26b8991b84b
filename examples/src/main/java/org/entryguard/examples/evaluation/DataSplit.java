package org.entryguard.examples.evaluation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The deterministic 50/50 split of a labelled photo set into a <b>fit</b> half (where anything is tuned or
 * fitted: crop geometry, calibration, thresholds) and a <b>held-out</b> half (where figures are reported).
 *
 * <p>Stratified by age band ({@link #STRATA}): within each band the photos are sorted by the SHA-1 (hex, of the
 * UTF-8 file name without folder) and alternate fit, held-out, fit, … So each band is split evenly, the split
 * does not depend on file order or on the model, and anyone can recompute it from the names alone.
 */
public final class DataSplit {
    /** Which half a photo is in. */
    public enum Half {
        /** Used for tuning and fitting. */
        FIT,
        /** Used only for reporting. */
        HELD_OUT;

        /** "fit" or "held-out". */
        public String label() { return this == FIT ? "fit" : "held-out"; }

        /** Parses "fit", "held-out" (also "heldout", "test"). */
        public static Half parse(String s) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "fit" -> FIT;
                case "held-out", "heldout", "test" -> HELD_OUT;
                default -> throw new IllegalArgumentException("half must be fit or held-out, got '" + s + "'");
            };
        }
    }

    /** The strata: the age bands of the faces-public README. */
    public static final List<AgeBand> STRATA = List.of(
            new AgeBand("0-12", 0, 12), new AgeBand("13-15", 13, 15), new AgeBand("16-17", 16, 17),
            new AgeBand("18-20", 18, 20), new AgeBand("21-25", 21, 25), new AgeBand("26-29", 26, 29),
            new AgeBand("30-40", 30, 40), new AgeBand("41+", 41, 200));

    /** A photo to split: its file name (folder ignored) and true age. */
    public record Item(String name, int age) {
    }

    private DataSplit() {
    }

    /** The half of every item, keyed by file name. Names must be unique. */
    public static Map<String, Half> assign(List<Item> items) {
        Map<Integer, List<Item>> byStratum = new HashMap<>();
        for (Item it : items) {
            byStratum.computeIfAbsent(stratum(it.age()), k -> new ArrayList<>()).add(it);
        }
        Map<String, Half> out = new HashMap<>();
        for (List<Item> group : byStratum.values()) {
            group.sort(Comparator.comparing((Item it) -> sha1(it.name())).thenComparing(Item::name));
            for (int i = 0; i < group.size(); i++) {
                if (out.put(group.get(i).name(), i % 2 == 0 ? Half.FIT : Half.HELD_OUT) != null) {
                    throw new IllegalArgumentException("duplicate file name in the split: " + group.get(i).name());
                }
            }
        }
        return out;
    }

    /** Index of the stratum holding {@code age} (ages below 0 go to the first). */
    public static int stratum(int age) {
        for (int i = 0; i < STRATA.size(); i++) {
            if (STRATA.get(i).contains(age)) {
                return i;
            }
        }
        return 0;
    }

    /** Lower-case hex SHA-1 of the UTF-8 name. */
    public static String sha1(String name) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(name.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is missing from this JVM", e);
        }
    }

    /** How the split is made, for reports. */
    public static String describe() {
        return "stratified by age band (0-12,13-15,16-17,18-20,21-25,26-29,30-40,41+); within a band photos sorted by "
                + "SHA-1 of the file name alternate fit / held-out (first = fit)";
    }
}
