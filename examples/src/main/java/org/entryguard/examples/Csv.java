package org.entryguard.examples;

import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** RFC 4180 rows for the CSV files {@code evaluate} writes (file names and reasons may hold commas or quotes). */
final class Csv {
    private Csv() {
    }

    /** One line, fields quoted where needed, ending in a newline. */
    static String row(Object... fields) {
        return Stream.of(fields).map(Csv::field).collect(Collectors.joining(",")) + "\n";
    }

    /** A number with {@code decimals} places; "" for NaN (not measured). */
    static String num(double v, int decimals) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    private static String field(Object o) {
        String s = o == null ? "" : o.toString();
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
