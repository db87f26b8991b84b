package org.entryguard.core.rules;

import org.entryguard.core.rules.internal.LawHolidays;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * China's public holidays for any year. The statutory days follow from the law (全国年节及纪念日放假办法) and are
 * computed for every year from 2008 ({@link #statutoryHolidays(int)}: fixed dates, Qingming by the solar term,
 * Spring Festival, Dragon Boat and Mid-Autumn by the Chinese calendar, with Time4J). The State Council's yearly
 * notice (国务院办公厅关于部分节假日安排的通知, published each November) adds the rest periods around them and the
 * make-up working days; it is data that overrides the computed days for the years it {@link #covers(int) covers}.
 * The bundled file ({@code holidays-cn.txt} next to this class) holds the 2026 notice; load a newer file with
 * {@link #load(Path)} and pass it to {@link VenueRules.Builder#holidayCalendar}. For a year without its notice the
 * statutory days still count, each as a one-day rest period, and {@link #missingNotice(LocalDate)} tells an
 * operator from 1 December that next year's notice should be loaded. The format is documented in the bundled file.
 * Immutable and thread-safe.
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
    /** Statutory days computed by law, per year not covered by a notice (filled on first use). */
    private final Map<Integer, Map<LocalDate, Holiday>> byLaw = new ConcurrentHashMap<>();

    private HolidayCalendar(Set<Integer> years, Map<LocalDate, Holiday> restDays, Map<LocalDate, String> workdays,
                            List<Holiday> holidays) {
        this.years = Collections.unmodifiableSet(years);
        this.restDays = restDays;
        this.workdays = workdays;
        this.holidays = Collections.unmodifiableList(holidays);
    }

    /** The calendar bundled with the SDK (parsed once). */
    public static HolidayCalendar ofDefaults() {
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

    /** A calendar without any notice: only the statutory days the law fixes, computed for each year. */
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
        Set<Integer> years = new TreeSet<>();
        Map<LocalDate, Holiday> rest = new HashMap<>();
        Map<LocalDate, String> work = new HashMap<>();
        List<Holiday> list = new ArrayList<>();
        DataFile.read(reader, source, tok -> {
            switch (tok[0]) {
                case "covers" -> years.add(Integer.parseInt(tok[1]));
                case "workday" -> work.put(LocalDate.parse(tok[1]), tok.length > 2 ? tok[2] : "workday");
                case "holiday" -> {
                    if (tok.length < 3) {
                        throw new IllegalArgumentException("a holiday needs a date range and a name");
                    }
                    LocalDate[] range = DataFile.range(tok[1], true);
                    LocalDate first = range[0];
                    LocalDate last = range[1];
                    String name = tok[2];
                    Set<LocalDate> statutory = new TreeSet<>();
                    if (name.startsWith("statutory=")) {
                        int sp = name.indexOf(' ');
                        String days = sp < 0 ? name.substring(10) : name.substring(10, sp);
                        for (String d : days.split(",")) {
                            LocalDate sd = LocalDate.parse(d.strip());
                            if (sd.isBefore(first) || sd.isAfter(last)) {
                                throw new IllegalArgumentException("statutory day " + sd + " outside its rest period");
                            }
                            statutory.add(sd);
                        }
                        name = sp < 0 ? "" : name.substring(sp + 1).strip();
                    }
                    if (name.isEmpty()) {
                        throw new IllegalArgumentException("a holiday needs a name");
                    }
                    Holiday h = new Holiday(name, first, last, Collections.unmodifiableSet(statutory));
                    list.add(h);
                    for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
                        rest.put(d, h);
                    }
                }
                default -> throw new IllegalArgumentException("unknown entry '" + tok[0]
                        + "' (expected covers, holiday or workday)");
            }
        });
        return new HolidayCalendar(years, rest, work, list);
    }

    /** Whether the calendar holds the State Council's notice (the complete official list) for {@code year}. */
    public boolean covers(int year) { return years.contains(year); }

    /** The years whose notice this calendar holds. */
    public Set<Integer> years() { return years; }

    /** The rest periods of the notices, in file order (not the computed statutory days of other years). */
    public List<Holiday> holidays() { return holidays; }

    /**
     * The statutory holidays of {@code year} as the law fixes them, one {@link Holiday} per festival whose period is
     * exactly its statutory days; computed, whatever notice is loaded. Empty before 2008, when the festivals differed.
     */
    public static List<Holiday> statutoryHolidays(int year) {
        List<Holiday> out = new ArrayList<>();
        for (LawHolidays.Festival f : LawHolidays.of(year)) {
            out.add(new Holiday(f.name(), f.days().get(0), f.days().get(f.days().size() - 1),
                    Collections.unmodifiableSet(new TreeSet<>(f.days()))));
        }
        return Collections.unmodifiableList(out);
    }

    private Map<LocalDate, Holiday> byLaw(int year) {
        return byLaw.computeIfAbsent(year, y -> {
            Map<LocalDate, Holiday> m = new HashMap<>();
            for (Holiday h : statutoryHolidays(y)) {
                h.statutoryDays().forEach(d -> m.put(d, h));
            }
            return m;
        });
    }

    private Holiday restPeriodOf(LocalDate day) {
        return covers(day.getYear()) ? restDays.get(day) : byLaw(day.getYear()).get(day);
    }

    /**
     * The official rest period containing {@code day}, if any (weekend days inside a period included); in a year
     * without its notice, the festival whose statutory day it is.
     */
    public Optional<Holiday> holidayOn(LocalDate day) { return Optional.ofNullable(restPeriodOf(day)); }

    /**
     * Whether {@code day} lies within an official rest period; in a year without its notice, whether it is a
     * statutory day (the rest days the notice will add around it are not known yet).
     */
    public boolean isRestPeriod(LocalDate day) { return restPeriodOf(day) != null; }

    /**
     * Whether {@code day} is a statutory holiday by law (a subset of the rest periods): from the notice for the years
     * it covers, computed for the others.
     */
    public boolean isStatutoryDay(LocalDate day) {
        Holiday h = restPeriodOf(day);
        return h != null && h.statutoryDays().contains(day);
    }

    /** Whether {@code day} is a weekend day turned into a working day (调休上班); known only from a notice. */
    public boolean isMakeUpWorkday(LocalDate day) { return workdays.containsKey(day); }

    /**
     * Whether {@code day} is a rest day (休息日) for schools and offices: a day in an official rest period, or a
     * Saturday or Sunday that the notice did not turn into a working day.
     */
    public boolean isRestDay(LocalDate day) {
        if (isRestPeriod(day)) {
            return true;
        }
        DayOfWeek w = day.getDayOfWeek();
        return (w == DayOfWeek.SATURDAY || w == DayOfWeek.SUNDAY) && !isMakeUpWorkday(day);
    }

    /**
     * The year whose State Council notice an operator should load now, if any: {@code today}'s own year when its
     * notice is not loaded, else from 1 December the next year's when that is not loaded. Without it the statutory
     * days still count, but the rest days around them and the make-up working days are unknown.
     */
    public OptionalInt missingNotice(LocalDate today) {
        if (!covers(today.getYear())) {
            return OptionalInt.of(today.getYear());
        }
        if (today.getMonth() == Month.DECEMBER && !covers(today.getYear() + 1)) {
            return OptionalInt.of(today.getYear() + 1);
        }
        return OptionalInt.empty();
    }
}
