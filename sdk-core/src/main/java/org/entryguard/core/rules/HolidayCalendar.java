package org.entryguard.core.rules;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * China's official public-holiday arrangement: rest periods, which of their days are statutory holidays, and
 * make-up working days. The bundled file ({@code holidays-cn.txt} next to this class) holds the State Council's
 * list for 2026; the list for a new year is published each November, so load a newer file with
 * {@link #load(Path)} and pass it to {@link VenueRules.Builder#holidayCalendar}. The format is documented in the
 * bundled file. Immutable and thread-safe.
 */
public final class HolidayCalendar {
    /** Classpath location of the bundled calendar. */
    public static final String BUNDLED_RESOURCE = "/org/entryguard/core/rules/holidays-cn.txt";

    /**
     * One official rest period.
     *
     * @param name the festival name as written in the file, e.g. {@code 国庆节 National Day}
     * @param first first rest day
     * @param last last rest day (inclusive)
     * @param statutoryDays the days inside the period that are statutory holidays by law
     */
    public record Holiday(String name, LocalDate first, LocalDate last, Set<LocalDate> statutoryDays) {
        /** Whether {@code day} lies within the rest period. */
        public boolean contains(LocalDate day) { return !day.isBefore(first) && !day.isAfter(last); }
    }

    private static volatile HolidayCalendar bundled;

    private final Set<Integer> years;
    private final Map<LocalDate, Holiday> restDays;
    private final Map<LocalDate, String> workdays;
    private final List<Holiday> holidays;

    private HolidayCalendar(Set<Integer> years, Map<LocalDate, Holiday> restDays, Map<LocalDate, String> workdays,
                            List<Holiday> holidays) {
        this.years = Collections.unmodifiableSet(years);
        this.restDays = restDays;
        this.workdays = workdays;
        this.holidays = Collections.unmodifiableList(holidays);
    }

    /** The calendar bundled with the SDK (parsed once). */
    public static HolidayCalendar bundled() {
        HolidayCalendar c = bundled;
        if (c == null) {
            try (InputStream in = HolidayCalendar.class.getResourceAsStream(BUNDLED_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("bundled holiday calendar " + BUNDLED_RESOURCE + " missing from the jar");
                }
                c = parse(new InputStreamReader(in, StandardCharsets.UTF_8), BUNDLED_RESOURCE);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + BUNDLED_RESOURCE, e);
            }
            bundled = c;
        }
        return c;
    }

    /** Loads a calendar file in the bundled format (UTF-8). */
    public static HolidayCalendar load(Path file) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(r, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read holiday calendar " + file, e);
        }
    }

    /** An empty calendar that covers no year (no holidays known). */
    public static HolidayCalendar empty() {
        return new HolidayCalendar(new TreeSet<>(), Map.of(), Map.of(), List.of());
    }

    /**
     * Parses the calendar format; the reader is not closed.
     *
     * @param source named in error messages
     * @throws IllegalArgumentException naming the line when the text is malformed
     */
    public static HolidayCalendar parse(Reader reader, String source) throws IOException {
        BufferedReader in = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        Set<Integer> years = new TreeSet<>();
        Map<LocalDate, Holiday> rest = new HashMap<>();
        Map<LocalDate, String> work = new HashMap<>();
        List<Holiday> list = new ArrayList<>();
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
                    case "covers" -> years.add(Integer.parseInt(tok[1]));
                    case "workday" -> {
                        LocalDate d = LocalDate.parse(tok[1]);
                        work.put(d, tok.length > 2 ? tok[2] : "workday");
                    }
                    case "holiday" -> {
                        if (tok.length < 3) {
                            throw new IllegalArgumentException("a holiday needs a date range and a name");
                        }
                        LocalDate first;
                        LocalDate last;
                        int dots = tok[1].indexOf("..");
                        if (dots >= 0) {
                            first = LocalDate.parse(tok[1].substring(0, dots));
                            last = LocalDate.parse(tok[1].substring(dots + 2));
                        } else {
                            first = LocalDate.parse(tok[1]);
                            last = first;
                        }
                        if (last.isBefore(first)) {
                            throw new IllegalArgumentException("range ends before it starts");
                        }
                        String rest3 = tok[2];
                        Set<LocalDate> statutory = new TreeSet<>();
                        if (rest3.startsWith("statutory=")) {
                            int sp = rest3.indexOf(' ');
                            String days = sp < 0 ? rest3.substring(10) : rest3.substring(10, sp);
                            for (String d : days.split(",")) {
                                LocalDate sd = LocalDate.parse(d.strip());
                                if (sd.isBefore(first) || sd.isAfter(last)) {
                                    throw new IllegalArgumentException("statutory day " + sd + " outside its rest period");
                                }
                                statutory.add(sd);
                            }
                            rest3 = sp < 0 ? "" : rest3.substring(sp + 1).strip();
                        }
                        if (rest3.isEmpty()) {
                            throw new IllegalArgumentException("a holiday needs a name");
                        }
                        Holiday h = new Holiday(rest3, first, last, Collections.unmodifiableSet(statutory));
                        list.add(h);
                        for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
                            rest.put(d, h);
                        }
                    }
                    default -> throw new IllegalArgumentException("unknown entry '" + tok[0]
                            + "' (expected covers, holiday or workday)");
                }
            } catch (DateTimeParseException | NumberFormatException | ArrayIndexOutOfBoundsException e) {
                throw new IllegalArgumentException(source + " line " + no + ": cannot read '" + text + "': " + e.getMessage(), e);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(source + " line " + no + ": " + e.getMessage(), e);
            }
        }
        return new HolidayCalendar(years, rest, work, list);
    }

    /** Whether the calendar holds the complete official list for {@code year}. */
    public boolean covers(int year) { return years.contains(year); }

    /** The years this calendar covers. */
    public Set<Integer> years() { return years; }

    /** All rest periods, in file order. */
    public List<Holiday> holidays() { return holidays; }

    /** The official rest period containing {@code day}, if any (weekend days inside a period included). */
    public Optional<Holiday> holidayOn(LocalDate day) { return Optional.ofNullable(restDays.get(day)); }

    /** Whether {@code day} lies within an official rest period. */
    public boolean isRestPeriod(LocalDate day) { return restDays.containsKey(day); }

    /** Whether {@code day} is a statutory holiday by law (a strict subset of the rest periods). */
    public boolean isStatutoryDay(LocalDate day) {
        Holiday h = restDays.get(day);
        return h != null && h.statutoryDays().contains(day);
    }

    /** Whether {@code day} is a weekend day turned into a working day (调休上班). */
    public boolean isMakeUpWorkday(LocalDate day) { return workdays.containsKey(day); }
}
