package org.entryguard.core.rules;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * School winter and summer vacations (寒暑假) of one city: local data, set each year by the city's or province's
 * education bureau in its school calendar (校历), so one file per city. Used by venues whose minors rule names the
 * vacations (scripted entertainment, {@link MinorPolicy#ALLOW_ON_REST_DAYS_AND_VACATIONS}). Without a file no day
 * counts as a vacation: the safe side, minors are then admitted only on holidays and rest days. Immutable.
 *
 * <p>Format (UTF-8, one entry per line, {@code #} starts a comment):
 * <pre>
 * city     深圳市 Shenzhen
 * vacation 2026-07-04..2026-08-31 暑假 summer vacation
 * </pre>
 */
public final class SchoolVacations {
    /**
     * One vacation.
     *
     * @param name e.g. {@code 暑假 summer vacation}
     * @param first first day
     * @param last last day, inclusive
     */
    public record Vacation(String name, LocalDate first, LocalDate last) {
        /** Validates. */
        public Vacation {
            Objects.requireNonNull(name, "name");
            if (last.isBefore(first)) {
                throw new IllegalArgumentException("vacation " + name + " ends (" + last + ") before it starts (" + first + ")");
            }
        }

        /** Whether {@code day} is in the vacation. */
        public boolean contains(LocalDate day) { return !day.isBefore(first) && !day.isAfter(last); }
    }

    private static final SchoolVacations NONE = new SchoolVacations("", List.of());

    private final String city;
    private final List<Vacation> vacations;

    private SchoolVacations(String city, List<Vacation> vacations) {
        this.city = city;
        this.vacations = Collections.unmodifiableList(vacations);
    }

    /** No vacation data: no day is a vacation. */
    public static SchoolVacations none() { return NONE; }

    /** Loads a city's file (UTF-8). */
    public static SchoolVacations load(Path file) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(r, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read school vacations " + file, e);
        }
    }

    /**
     * Parses the format above; the reader is not closed.
     *
     * @param source named in error messages
     * @throws IllegalArgumentException naming the line when the text is malformed
     */
    public static SchoolVacations parse(Reader reader, String source) throws IOException {
        BufferedReader in = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        String city = "";
        List<Vacation> list = new ArrayList<>();
        String line;
        int no = 0;
        while ((line = in.readLine()) != null) {
            no++;
            int hash = line.indexOf('#');
            String text = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (text.isEmpty()) {
                continue;
            }
            String[] tok = text.split("\\s+", 3);
            try {
                switch (tok[0]) {
                    case "city" -> city = text.substring(4).strip();
                    case "vacation" -> {
                        if (tok.length < 3) {
                            throw new IllegalArgumentException("a vacation needs a date range and a name");
                        }
                        int dots = tok[1].indexOf("..");
                        if (dots < 0) {
                            throw new IllegalArgumentException("a vacation needs a range first..last, got " + tok[1]);
                        }
                        list.add(new Vacation(tok[2], LocalDate.parse(tok[1].substring(0, dots)),
                                LocalDate.parse(tok[1].substring(dots + 2))));
                    }
                    default -> throw new IllegalArgumentException("unknown entry '" + tok[0] + "' (expected city or vacation)");
                }
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(source + " line " + no + ": cannot read '" + text + "': " + e.getMessage(), e);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(source + " line " + no + ": " + e.getMessage(), e);
            }
        }
        return new SchoolVacations(city, list);
    }

    /** The city the file is for, as written ("" when none). */
    public String city() { return city; }

    /** The vacations, in file order. */
    public List<Vacation> vacations() { return vacations; }

    /** The vacation {@code day} falls in, if any. */
    public Optional<Vacation> vacationOn(LocalDate day) {
        for (Vacation v : vacations) {
            if (v.contains(day)) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }
}
