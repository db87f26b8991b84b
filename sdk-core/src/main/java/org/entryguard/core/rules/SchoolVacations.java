package org.entryguard.core.rules;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
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
        String[] city = {""};
        List<Vacation> list = new ArrayList<>();
        DataFile.read(reader, source, tok -> {
            switch (tok[0]) {
                case "city" -> city[0] = String.join(" ", java.util.Arrays.copyOfRange(tok, 1, tok.length));
                case "vacation" -> {
                    if (tok.length < 3) {
                        throw new IllegalArgumentException("a vacation needs a date range and a name");
                    }
                    LocalDate[] range = DataFile.range(tok[1], false);
                    list.add(new Vacation(tok[2], range[0], range[1]));
                }
                default -> throw new IllegalArgumentException("unknown entry '" + tok[0] + "' (expected city or vacation)");
            }
        });
        return new SchoolVacations(city[0], list);
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
