package org.entryguard.core.rules;

import org.entryguard.core.internal.Stats;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The law as data: how one venue turns a fused age estimate into a {@link Decision}. Immutable and
 * thread-safe; build with {@link #custom(VenueType)}, where every default below can be overridden per venue.
 *
 * <p>Decision policy (normal approximation of the fused estimate; another engineer calibrates it later). With
 * fused age μ and spread σ (one standard deviation, years), {@code P(minor) = Φ((minorAge − μ) / σ)}:
 * <ol>
 *   <li>{@code P(minor) ≥ minorConfidence} → likely minor, handled by the venue's {@link MinorPolicy};</li>
 *   <li>else {@code μ ≥ challengeAge} and {@code P(minor) ≤ adultMaxMinorProbability} → {@link Decision#ADULT};</li>
 *   <li>else {@link Decision#CHECK_ID} (the challenge band).</li>
 * </ol>
 * With the bundled AgeGenderNet's one-shot spread (≈ 5.7 y) the defaults pass as adult from an estimate of
 * ≈ 27.4 y and call a minor below ≈ 14.2 y; everything between is checked by staff.
 */
public final class VenueRules {
    /** Default age of majority in China. */
    public static final int DEFAULT_MINOR_AGE = 18;
    /** Default challenge age: anyone who looks younger is asked for ID ("Challenge 25"). */
    public static final int DEFAULT_CHALLENGE_AGE = 25;
    /** Default P(minor) from which a person is called a minor without an ID check. */
    public static final double DEFAULT_MINOR_CONFIDENCE = 0.75;
    /** Default highest P(minor) that still passes as adult. */
    public static final double DEFAULT_ADULT_MAX_MINOR_PROBABILITY = 0.05;
    /** Default half-width of the reported interval in spreads: 1.645 = two-sided 90 %. */
    public static final double DEFAULT_INTERVAL_Z = 1.645;
    /** Default time the front desk has to complete the hotel guardian workflow. */
    public static final Duration DEFAULT_GUARDIAN_DEADLINE = Duration.ofMinutes(30);
    /** Default time zone for dates and opening hours. */
    public static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Shanghai");

    private final VenueType venueType;
    private final MinorPolicy minorPolicy;
    private final String legalBasis;
    private final int minorAge;
    private final int challengeAge;
    private final double minorConfidence;
    private final double adultMaxMinorProbability;
    private final double intervalZ;
    private final ZoneId zone;
    private final LocalTime opens;
    private final LocalTime closes;
    private final HolidayCalendar calendar;
    private final HolidayScope holidayScope;
    private final List<KeyPeriod> keyPeriods;
    private final boolean holidaysAreKeyPeriods;
    private final Duration guardianDeadline;
    private final SchoolVacations vacations;
    private final int guardianAge;
    private final boolean idCheckWhenUnclear;

    private VenueRules(Builder b) {
        this.venueType = b.venueType;
        this.minorPolicy = b.minorPolicy;
        this.legalBasis = b.legalBasis;
        this.minorAge = b.minorAge;
        this.challengeAge = b.challengeAge;
        this.minorConfidence = b.minorConfidence;
        this.adultMaxMinorProbability = b.adultMaxMinorProbability;
        this.intervalZ = b.intervalZ;
        this.zone = b.zone;
        this.opens = b.opens;
        this.closes = b.closes;
        this.calendar = b.calendar != null ? b.calendar : HolidayCalendar.ofDefaults();
        this.holidayScope = b.holidayScope;
        this.keyPeriods = List.copyOf(b.keyPeriods);
        this.holidaysAreKeyPeriods = b.holidaysAreKeyPeriods;
        this.guardianDeadline = b.guardianDeadline;
        this.vacations = b.vacations;
        this.guardianAge = b.guardianAge;
        this.idCheckWhenUnclear = b.idCheckWhenUnclear;
    }

    /** The defaults for a venue type. */
    public static VenueRules ofDefaults(VenueType type) { return custom(type).build(); }

    /** A builder starting from the defaults of {@code type}. */
    public static Builder custom(VenueType type) { return new Builder(type); }

    /** A builder starting from {@code rules}, to derive a changed copy. */
    public static Builder from(VenueRules rules) { return new Builder(Objects.requireNonNull(rules, "rules")); }

    /** The venue type. */
    public VenueType venueType() { return venueType; }

    /** How likely minors are treated. */
    public MinorPolicy minorPolicy() { return minorPolicy; }

    /** The rule's legal source quoted in reasons. */
    public String legalBasis() { return legalBasis; }

    /** Age of majority (default 18). */
    public int minorAge() { return minorAge; }

    /** Challenge age (default 25): estimates below it are checked. */
    public int challengeAge() { return challengeAge; }

    /** P(minor) at or above which a person is called a minor (default 0.75). */
    public double minorConfidence() { return minorConfidence; }

    /** Highest P(minor) that still passes as adult (default 0.05). */
    public double adultMaxMinorProbability() { return adultMaxMinorProbability; }

    /** Half-width of {@code EntryDecision#interval()} in spreads (default 1.645, two-sided 90 %). */
    public double intervalZ() { return intervalZ; }

    /** Time zone of dates and opening hours (default Asia/Shanghai). */
    public ZoneId zone() { return zone; }

    /** The holiday calendar (default {@link HolidayCalendar#ofDefaults()}). */
    public HolidayCalendar holidayCalendar() { return calendar; }

    /** Which days count as holidays for {@link MinorPolicy#ALLOW_ON_HOLIDAYS} (default the whole rest period). */
    public HolidayScope holidayScope() { return holidayScope; }

    /** Key periods flagged on decisions (default summer and winter school holidays). */
    public List<KeyPeriod> keyPeriods() { return keyPeriods; }

    /** Time the front desk has to complete the guardian workflow (default 30 min). */
    public Duration guardianDeadline() { return guardianDeadline; }

    /** The city's school vacations (default none: no day counts as a vacation). */
    public SchoolVacations schoolVacations() { return vacations; }

    /** Below this age an admitted minor still needs a parent or guardian; 0 for none (default from the venue type). */
    public int guardianAge() { return guardianAge; }

    /** Whether the challenge band asks for ID even when minors are admitted (default from the venue type). */
    public boolean idCheckWhenUnclear() { return idCheckWhenUnclear; }

    /** Opening time, empty when open around the clock. */
    public Optional<LocalTime> opens() { return Optional.ofNullable(opens); }

    /** Closing time, empty when open around the clock. */
    public Optional<LocalTime> closes() { return Optional.ofNullable(closes); }

    /** Whether the venue is open around the clock (no opening hours set). */
    public boolean alwaysOpen() { return opens == null; }

    /** Whether the venue is open at {@code at}; hours may run past midnight (e.g. 18:00–02:00). */
    public boolean isOpen(Instant at) {
        if (opens == null) {
            return true;
        }
        LocalTime t = at.atZone(zone).toLocalTime();
        if (opens.isBefore(closes)) {
            return !t.isBefore(opens) && t.isBefore(closes);
        }
        return !t.isBefore(opens) || t.isBefore(closes);
    }

    /** The key period {@code at} falls in (school holidays first, then a holiday rest period), or "". */
    public String keyPeriodAt(Instant at) {
        LocalDate day = at.atZone(zone).toLocalDate();
        for (KeyPeriod p : keyPeriods) {
            if (p.contains(day)) {
                return p.name();
            }
        }
        if (holidaysAreKeyPeriods) {
            Optional<HolidayCalendar.Holiday> h = calendar.holidayOn(day);
            if (h.isPresent()) {
                return h.get().name();
            }
        }
        return "";
    }

    /** P(true age &lt; minor age) for an estimate with the given spread, under a normal approximation. */
    public double minorProbability(float age, float spread) {
        return Stats.normalCdf((minorAge - age) / Math.max(spread, 0.1f));
    }

    /**
     * Applies the rules to a fused estimate.
     *
     * @param age fused age, years
     * @param spread fused spread, years (one standard deviation)
     * @param shots number of shots fused (for the reason)
     * @param at when (decides the date for holidays and key periods)
     */
    public Ruling judge(float age, float spread, int shots, Instant at) {
        String keyPeriod = keyPeriodAt(at);
        double p = minorProbability(age, spread);
        String numbers = String.format(Locale.ROOT, "estimated age %.1f (%d%% interval %.1f–%.1f, spread %.1f) from %d good shot%s, "
                        + "P(under %d) = %.1f%%", age, Math.round(100 * (2 * Stats.normalCdf(intervalZ) - 1)),
                Math.max(0f, age - intervalZ * spread), age + intervalZ * spread, spread, shots, shots == 1 ? "" : "s",
                minorAge, 100 * p);
        if (p >= minorConfidence) {
            double pYoung = guardianAge > 0 ? Stats.normalCdf((guardianAge - age) / Math.max(spread, 0.1f)) : 0;
            return likelyMinor(p, pYoung, numbers + String.format(Locale.ROOT, " ≥ %.0f%%", 100 * minorConfidence), at, keyPeriod);
        }
        if (age >= challengeAge && p <= adultMaxMinorProbability) {
            return new Ruling(Decision.ADULT, true, (float) p, venueType + "/adult",
                    "Adult: " + numbers + String.format(Locale.ROOT, " ≤ %.1f%% and the estimate is at or above the challenge age %d.",
                            100 * adultMaxMinorProbability, challengeAge), keyPeriod);
        }
        String why = age < challengeAge
                ? String.format(Locale.ROOT, "the estimate is below the challenge age %d", challengeAge)
                : String.format(Locale.ROOT, "P(under %d) is above the %.1f%% allowed for an adult", minorAge, 100 * adultMaxMinorProbability);
        return unclear("Check ID: " + numbers + "; " + why + ".", (float) p, venueType + "/challenge-age", at, keyPeriod);
    }

    /**
     * The ruling when there is not enough evidence for an estimate (too few good shots by the deadline):
     * always {@link Decision#CHECK_ID}, unless minors are admitted now anyway.
     *
     * @param why what was missing, e.g. "only 1 of 3 good shots before the person left the view"
     */
    public Ruling insufficientEvidence(String why, Instant at) {
        return unclear("Check ID: age unsure, " + why + ".", Float.NaN, venueType + "/insufficient-evidence", at,
                keyPeriodAt(at));
    }

    /** Whether the rules admit minors at {@code at} without a staff action. */
    public boolean minorsAdmitted(Instant at) {
        return switch (minorPolicy) {
            case ALLOW -> true;
            case REFUSE, GUARDIAN_WORKFLOW -> false;
            case ALLOW_ON_HOLIDAYS -> isHoliday(at.atZone(zone).toLocalDate());
            case ALLOW_ON_REST_DAYS_AND_VACATIONS -> {
                LocalDate day = at.atZone(zone).toLocalDate();
                yield calendar.isRestDay(day) || vacations.vacationOn(day).isPresent();
            }
        };
    }

    private boolean isHoliday(LocalDate day) {
        return holidayScope == HolidayScope.REST_PERIOD ? calendar.isRestPeriod(day) : calendar.isStatutoryDay(day);
    }

    /**
     * Whether minors are admitted at {@code at} and why, in one clause with the date, e.g. "2027-01-01 is a statutory
     * holiday by law (元旦 New Year's Day); the State Council's notice for 2027 is not loaded". For reasons and the
     * {@code rules} command.
     */
    public String minorsNote(Instant at) {
        LocalDate day = at.atZone(zone).toLocalDate();
        String notice = calendar.covers(day.getYear()) ? "" : "; the holiday calendar has no official list for " + day.getYear()
                + " (the State Council's notice is not loaded: statutory days count by law, the rest days and make-up"
                + " working days around them are unknown; load it with HolidayCalendar.load)";
        switch (minorPolicy) {
            case ALLOW:
                return "minors are admitted at this venue (policy ALLOW)";
            case REFUSE:
                return "minors are never admitted at this venue";
            case GUARDIAN_WORKFLOW:
                return "minors are admitted only after the guardian workflow";
            case ALLOW_ON_REST_DAYS_AND_VACATIONS: {
                Optional<HolidayCalendar.Holiday> h = calendar.holidayOn(day);
                if (h.isPresent()) {
                    return day + " is a statutory holiday rest day (" + h.get().name() + ")" + notice;
                }
                if (calendar.isRestDay(day)) {
                    return day + " is a rest day (" + day.getDayOfWeek().getDisplayName(java.time.format.TextStyle.FULL, Locale.ENGLISH)
                            + ")" + notice;
                }
                Optional<SchoolVacations.Vacation> v = vacations.vacationOn(day);
                if (v.isPresent()) {
                    return day + " is in the school vacation " + v.get().name() + (vacations.city().isEmpty() ? "" : " of " + vacations.city());
                }
                return day + " is a school day (not a statutory holiday, rest day or school vacation"
                        + (vacations.vacations().isEmpty() ? "; no school-vacation file is loaded for this city" : "")
                        + (calendar.isMakeUpWorkday(day) ? "; a make-up working day" : "") + ")" + notice;
            }
            case ALLOW_ON_HOLIDAYS:
            default:
                if (isHoliday(day)) {
                    return day + " is a statutory holiday (" + calendar.holidayOn(day).map(HolidayCalendar.Holiday::name).orElse("?")
                            + (calendar.covers(day.getYear()) ? ")" : ", by law)") + notice;
                }
                return day + " is not a statutory holiday" + notice;
        }
    }

    private String holidayNote(Instant at) {
        return minorsNote(at);
    }

    private Ruling likelyMinor(double p, double pYoung, String numbers, Instant at, String keyPeriod) {
        String rule = venueType + "/" + (minorPolicy == venueType.defaultPolicy() ? venueType.ruleKey() : minorPolicy.name().toLowerCase(Locale.ROOT));
        switch (minorPolicy) {
            case GUARDIAN_WORKFLOW:
                return new Ruling(Decision.GUARDIAN_REQUIRED, false, (float) p, rule, "Guardian required: " + numbers
                        + "; the front desk must complete the five musts within " + minutes(guardianDeadline) + ". " + legalBasis,
                        keyPeriod);
            case ALLOW_ON_REST_DAYS_AND_VACATIONS:
            case ALLOW_ON_HOLIDAYS:
            case ALLOW:
                boolean ok = minorsAdmitted(at);
                if (ok && guardianAge > 0) {
                    return youngMinor(p, pYoung, numbers, at, keyPeriod, rule);
                }
                String note = holidayNote(at);
                if (ok) {
                    return new Ruling(Decision.MINOR, true, (float) p, rule, "Minor admitted: " + numbers + "; " + note
                            + ". " + legalBasis, keyPeriod);
                }
                return new Ruling(Decision.MINOR, false, (float) p, rule, "Minor: " + numbers + "; " + note + ". " + legalBasis,
                        keyPeriod);
            case REFUSE:
            default:
                return new Ruling(Decision.MINOR, false, (float) p, rule, "Minor: " + numbers + ". " + legalBasis, keyPeriod);
        }
    }

    /**
     * A likely minor on a day minors are admitted, where under-{@code guardianAge}s need a guardian: likely that
     * young → staff check the guardian; possibly that young → ID; else admitted.
     */
    private Ruling youngMinor(double p, double pYoung, String numbers, Instant at, String keyPeriod, String rule) {
        String young = String.format(Locale.ROOT, "; P(under %d) = %.1f%%", guardianAge, 100 * pYoung);
        if (pYoung >= minorConfidence) {
            return new Ruling(Decision.CHECK_ID, false, (float) p, venueType + "/under-" + guardianAge + "-guardian",
                    "Likely under " + guardianAge + ": " + numbers + young + "; admitted only with a parent or other guardian: staff"
                            + " confirm the guardian or check ID (" + holidayNote(at) + "). " + legalBasis, keyPeriod);
        }
        if (pYoung > adultMaxMinorProbability) {
            return new Ruling(Decision.CHECK_ID, false, (float) p, venueType + "/under-" + guardianAge + "-unclear",
                    "Check ID: " + numbers + young + "; may be under " + guardianAge + ", who need a parent or guardian ("
                            + holidayNote(at) + "). " + legalBasis, keyPeriod);
        }
        return new Ruling(Decision.MINOR, true, (float) p, rule, "Minor admitted: " + numbers + young + "; "
                + holidayNote(at) + ". " + legalBasis, keyPeriod);
    }

    private Ruling unclear(String text, float p, String rule, Instant at, String keyPeriod) {
        if (idCheckWhenUnclear) {
            return new Ruling(Decision.CHECK_ID, false, p, rule, text + (minorsAdmitted(at)
                    ? " The rule asks for ID whenever it is hard to tell whether someone is a minor, also today ("
                    + holidayNote(at) + "): 对难以判明是否未成年人的，应当要求其出示身份证件." : ""), keyPeriod);
        }
        if (minorsAdmitted(at)) {
            // minors may enter today anyway: still say the age is unclear, but nobody needs to be stopped
            return new Ruling(Decision.CHECK_ID, true, p, rule, text + " No ID check needed: " + holidayNote(at) + ".", keyPeriod);
        }
        return new Ruling(Decision.CHECK_ID, false, p, rule, text, keyPeriod);
    }

    private static String minutes(Duration d) {
        long m = d.toMinutes();
        return m > 0 ? m + " min" : d.toSeconds() + " s";
    }

    /** Whether {@code at} is within an official holiday for this venue's {@link HolidayScope}. */
    public boolean isHoliday(Instant at) { return isHoliday(at.atZone(zone).toLocalDate()); }

    /** Convenience: the local date-time of {@code at} in the venue's zone. */
    public ZonedDateTime local(Instant at) { return at.atZone(zone); }

    @Override
    public String toString() {
        return "VenueRules[" + venueType + ", " + minorPolicy + ", challenge " + challengeAge + ", minor<" + minorAge
                + (opens == null ? ", 24h" : ", " + opens + "–" + closes) + "]";
    }

    /** Builds {@link VenueRules}; starts from the venue type's defaults. */
    public static final class Builder {
        private final VenueType venueType;
        private MinorPolicy minorPolicy;
        private String legalBasis;
        private int minorAge = DEFAULT_MINOR_AGE;
        private int challengeAge = DEFAULT_CHALLENGE_AGE;
        private double minorConfidence = DEFAULT_MINOR_CONFIDENCE;
        private double adultMaxMinorProbability = DEFAULT_ADULT_MAX_MINOR_PROBABILITY;
        private double intervalZ = DEFAULT_INTERVAL_Z;
        private ZoneId zone = DEFAULT_ZONE;
        private LocalTime opens;
        private LocalTime closes;
        private HolidayCalendar calendar;
        private HolidayScope holidayScope = HolidayScope.REST_PERIOD;
        private List<KeyPeriod> keyPeriods = new ArrayList<>(List.of(KeyPeriod.SUMMER_VACATION, KeyPeriod.WINTER_VACATION));
        private boolean holidaysAreKeyPeriods = true;
        private Duration guardianDeadline = DEFAULT_GUARDIAN_DEADLINE;
        private SchoolVacations vacations = SchoolVacations.none();
        private int guardianAge;
        private boolean idCheckWhenUnclear;

        private Builder(VenueType type) {
            this.venueType = Objects.requireNonNull(type, "type");
            this.minorPolicy = type.defaultPolicy();
            this.legalBasis = type.legalBasis();
            this.guardianAge = type.guardianAge();
            this.idCheckWhenUnclear = type.idCheckWhenUnclear();
        }

        private Builder(VenueRules r) {
            this.venueType = r.venueType;
            this.minorPolicy = r.minorPolicy;
            this.legalBasis = r.legalBasis;
            this.minorAge = r.minorAge;
            this.challengeAge = r.challengeAge;
            this.minorConfidence = r.minorConfidence;
            this.adultMaxMinorProbability = r.adultMaxMinorProbability;
            this.intervalZ = r.intervalZ;
            this.zone = r.zone;
            this.opens = r.opens;
            this.closes = r.closes;
            this.calendar = r.calendar;
            this.holidayScope = r.holidayScope;
            this.keyPeriods = new ArrayList<>(r.keyPeriods);
            this.holidaysAreKeyPeriods = r.holidaysAreKeyPeriods;
            this.guardianDeadline = r.guardianDeadline;
            this.vacations = r.vacations;
            this.guardianAge = r.guardianAge;
            this.idCheckWhenUnclear = r.idCheckWhenUnclear;
        }

        /** The city's school vacations (for {@link MinorPolicy#ALLOW_ON_REST_DAYS_AND_VACATIONS}); default none. */
        public Builder schoolVacations(SchoolVacations v) {
            this.vacations = Objects.requireNonNull(v, "vacations");
            return this;
        }

        /**
         * Below this age a minor admitted by the policy still needs a parent or guardian (staff check); 0 for none.
         * Default from the venue type (14 for scripted entertainment, else 0).
         */
        public Builder guardianAge(int years) {
            if (years < 0 || years > 18) {
                throw new IllegalArgumentException("guardianAge must be within 0..18, got " + years);
            }
            this.guardianAge = years;
            return this;
        }

        /** Whether the challenge band asks for ID even when minors are admitted; default from the venue type. */
        public Builder idCheckWhenUnclear(boolean flag) {
            this.idCheckWhenUnclear = flag;
            return this;
        }

        /** Overrides the venue type's policy for minors. */
        public Builder minorPolicy(MinorPolicy policy) {
            this.minorPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** Overrides the legal basis quoted in reasons (e.g. a stricter local regulation). */
        public Builder legalBasis(String text) {
            this.legalBasis = Objects.requireNonNull(text, "text");
            return this;
        }

        /** Age of majority; default 18. */
        public Builder minorAge(int years) {
            if (years < 1 || years > 30) {
                throw new IllegalArgumentException("minorAge must be within 1..30, got " + years);
            }
            this.minorAge = years;
            return this;
        }

        /** Challenge age; default 25. Must not be below the minor age. */
        public Builder challengeAge(int years) {
            if (years < 1 || years > 60) {
                throw new IllegalArgumentException("challengeAge must be within 1..60, got " + years);
            }
            this.challengeAge = years;
            return this;
        }

        /** P(minor) from which a person is called a minor; default 0.75. Within (0.5, 1). */
        public Builder minorConfidence(double p) {
            if (!(p > 0.5 && p < 1.0)) {
                throw new IllegalArgumentException("minorConfidence must be within (0.5, 1), got " + p);
            }
            this.minorConfidence = p;
            return this;
        }

        /** Highest P(minor) that passes as adult; default 0.05. Within (0, 0.5). */
        public Builder adultMaxMinorProbability(double p) {
            if (!(p > 0.0 && p < 0.5)) {
                throw new IllegalArgumentException("adultMaxMinorProbability must be within (0, 0.5), got " + p);
            }
            this.adultMaxMinorProbability = p;
            return this;
        }

        /** Half-width of the reported interval in spreads; default 1.645 (two-sided 90 %). */
        public Builder intervalZ(double z) {
            if (!(z > 0 && z < 5)) {
                throw new IllegalArgumentException("intervalZ must be within (0, 5), got " + z);
            }
            this.intervalZ = z;
            return this;
        }

        /** Time zone of dates and hours; default Asia/Shanghai. */
        public Builder zone(ZoneId zone) {
            this.zone = Objects.requireNonNull(zone, "zone");
            return this;
        }

        /**
         * Opening hours; outside them {@code EntranceGuard} skips frames. {@code closes} before {@code opens}
         * means the venue closes after midnight. Default: open around the clock.
         */
        public Builder openingHours(LocalTime opens, LocalTime closes) {
            Objects.requireNonNull(opens, "opens");
            Objects.requireNonNull(closes, "closes");
            if (opens.equals(closes)) {
                throw new IllegalArgumentException("opening and closing time are equal (" + opens
                        + "); use alwaysOpen() for a venue open around the clock");
            }
            this.opens = opens;
            this.closes = closes;
            return this;
        }

        /** Open around the clock (the default). */
        public Builder alwaysOpen() {
            this.opens = null;
            this.closes = null;
            return this;
        }

        /** The holiday calendar; default {@link HolidayCalendar#ofDefaults()}. */
        public Builder holidayCalendar(HolidayCalendar calendar) {
            this.calendar = Objects.requireNonNull(calendar, "calendar");
            return this;
        }

        /** Which days count as holidays for arcades; default {@link HolidayScope#REST_PERIOD}. */
        public Builder holidayScope(HolidayScope scope) {
            this.holidayScope = Objects.requireNonNull(scope, "scope");
            return this;
        }

        /** Replaces the key periods (default summer and winter school holidays); may be empty. */
        public Builder keyPeriods(List<KeyPeriod> periods) {
            this.keyPeriods = new ArrayList<>(periods);
            return this;
        }

        /** Whether official holiday rest periods are also flagged as key periods; default true. */
        public Builder holidaysAreKeyPeriods(boolean flag) {
            this.holidaysAreKeyPeriods = flag;
            return this;
        }

        /** Time the front desk has to complete the guardian workflow; default 30 min. */
        public Builder guardianDeadline(Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("guardianDeadline must be positive, got " + d);
            }
            this.guardianDeadline = d;
            return this;
        }

        /** Builds; checks that the thresholds are consistent. */
        public VenueRules build() {
            if (challengeAge < minorAge) {
                throw new IllegalArgumentException("challengeAge " + challengeAge + " is below minorAge " + minorAge
                        + ": raise challengeAge to at least minorAge");
            }
            return new VenueRules(this);
        }
    }
}
