package org.entryguard.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.entryguard.core.rules.Decision;
import org.entryguard.core.rules.HolidayCalendar;
import org.entryguard.core.rules.Ruling;
import org.entryguard.core.rules.SchoolVacations;
import org.entryguard.core.rules.VenueRules;
import org.entryguard.core.rules.VenueType;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code rules --venue V [--at TIME]}: what the venue's rules decide at that time and why: the day (statutory
 * holiday, rest day, school vacation, whether the State Council's notice for the year is loaded), whether minors
 * are admitted, the legal basis, the age thresholds for a given spread and the ruling for a clear minor, an
 * unclear face and a clear adult. Chinese by default, {@code --lang en}; {@code --json} for one JSON object.
 * No model is loaded.
 */
final class RulesCommand {
    /** The one-shot spread of the bundled age model, years (VenueRules); the default for {@code --spread}. */
    static final float DEFAULT_SPREAD = 5.7f;

    private RulesCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        List<String> rest = new ArrayList<>(List.of(args));
        boolean json = rest.remove("--json");
        Options o = Options.parse(rest.toArray(String[]::new), Set.of("venue", "at", "lang", "calendar", "vacations",
                "challenge-age", "zone", "age", "spread"));
        if (!o.positional.isEmpty()) {
            throw new UsageException("rules takes no photos or files as arguments, got '" + o.positional.get(0) + "'");
        }
        if (o.value("venue", null) == null) {
            throw new UsageException("rules needs --venue (e.g. --venue ARCADE --at 2027-01-01T15:00+08:00)");
        }
        boolean en = switch (o.value("lang", "zh").toLowerCase(Locale.ROOT)) {
            case "zh", "zh-cn", "cn" -> false;
            case "en" -> true;
            default -> throw new UsageException("--lang must be zh or en, got '" + o.value("lang", "") + "'");
        };
        VenueRules rules = rules(o);
        Instant at = at(o, rules.zone());
        float spread = floatValue(o, "spread", DEFAULT_SPREAD, 0.1f, 20f);
        ObjectNode report = report(rules, at, spread, o.value("age", null) == null ? null
                : floatValue(o, "age", 0, 0, 120));
        if (json) {
            out.println(report.toPrettyString());
        } else {
            out.print(text(report, en));
        }
        return 0;
    }

    /** The venue's rules from {@code --venue}, {@code --challenge-age}, {@code --zone}, {@code --calendar}, {@code --vacations}. */
    static VenueRules rules(Options o) {
        VenueType type = EvaluateCommand.venue(o);
        VenueRules.Builder b = VenueRules.custom(type);
        try {
            if (o.value("challenge-age", null) != null) {
                b.challengeAge(o.intValue("challenge-age", VenueRules.DEFAULT_CHALLENGE_AGE, 1, 120));
            }
            if (o.value("zone", null) != null) {
                b.zone(ZoneId.of(o.value("zone", null)));
            }
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            throw new UsageException(e.getMessage());
        }
        try {
            if (o.value("calendar", null) != null) {
                b.holidayCalendar(HolidayCalendar.load(Path.of(o.value("calendar", null))));
            }
            if (o.value("vacations", null) != null) {
                b.schoolVacations(SchoolVacations.load(Path.of(o.value("vacations", null))));
            }
        } catch (UncheckedIOException | IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        return b.build();
    }

    /**
     * {@code --at}: an instant with offset ({@code 2027-01-01T15:00+08:00}), a local date-time or a date (in the
     * venue's zone; a date means 12:00); default now.
     */
    static Instant at(Options o, ZoneId zone) {
        String v = o.value("at", null);
        if (v == null) {
            return Instant.now();
        }
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException notOffset) {
            try {
                return LocalDateTime.parse(v).atZone(zone).toInstant();
            } catch (DateTimeParseException notLocal) {
                try {
                    return LocalDate.parse(v).atTime(12, 0).atZone(zone).toInstant();
                } catch (DateTimeParseException notDate) {
                    throw new UsageException("--at must be a time like 2027-01-01T15:00+08:00, 2027-01-01T15:00 or "
                            + "2027-01-01, got '" + v + "'");
                }
            }
        }
    }

    private static float floatValue(Options o, String name, float def, float min, float max) {
        String v = o.value(name, null);
        if (v == null) {
            return def;
        }
        try {
            float f = Float.parseFloat(v.trim());
            if (!(f >= min && f <= max)) {
                throw new UsageException("--" + name + " must be between " + min + " and " + max + ", got " + v);
            }
            return f;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " needs a number, got '" + v + "'");
        }
    }

    /** The whole answer as data; the text form is rendered from it. */
    static ObjectNode report(VenueRules rules, Instant at, float spread, Float age) {
        ObjectMapper m = new ObjectMapper();
        ObjectNode r = m.createObjectNode();
        ZonedDateTime local = at.atZone(rules.zone());
        LocalDate day = local.toLocalDate();
        HolidayCalendar cal = rules.holidayCalendar();
        r.put("venue", rules.venueType().name());
        r.put("policy", rules.minorPolicy().name());
        r.put("at", local.toOffsetDateTime().toString());
        r.put("zone", rules.zone().getId());
        r.put("open", rules.isOpen(at));
        ObjectNode d = r.putObject("day");
        d.put("date", day.toString());
        d.put("weekday", day.getDayOfWeek().name());
        d.put("statutoryHoliday", cal.isStatutoryDay(day));
        Optional<HolidayCalendar.Holiday> h = cal.holidayOn(day);
        if (h.isPresent()) {
            d.put("holiday", h.get().name());
        } else {
            d.putNull("holiday");
        }
        d.put("restPeriod", cal.isRestPeriod(day));
        d.put("restDay", cal.isRestDay(day));
        d.put("makeUpWorkday", cal.isMakeUpWorkday(day));
        d.put("noticeLoaded", cal.covers(day.getYear()));
        Optional<SchoolVacations.Vacation> v = rules.schoolVacations().vacationOn(day);
        if (v.isPresent()) {
            d.put("schoolVacation", v.get().name());
        } else {
            d.putNull("schoolVacation");
        }
        d.put("vacationFileLoaded", !rules.schoolVacations().vacations().isEmpty());
        r.put("minorsAdmitted", rules.minorsAdmitted(at));
        r.put("minorsNote", rules.minorsNote(at));
        r.put("legalBasis", rules.legalBasis());
        ObjectNode t = r.putObject("thresholds");
        t.put("minorAge", rules.minorAge());
        t.put("challengeAge", rules.challengeAge());
        t.put("minorConfidence", rules.minorConfidence());
        t.put("adultMaxMinorProbability", rules.adultMaxMinorProbability());
        t.put("guardianAge", rules.guardianAge());
        t.put("idCheckWhenUnclear", rules.idCheckWhenUnclear());
        t.put("spread", spread);
        // where the decision changes for this spread: what "passes as adult from" and "called a minor below" mean today
        Float adultFrom = null;
        Float minorBelow = null;
        for (int tenths = 0; tenths <= 800; tenths++) {
            float a = tenths / 10f;
            Decision dec = rules.judge(a, spread, 1, at).decision();
            if (dec == Decision.MINOR || dec == Decision.GUARDIAN_REQUIRED
                    || rules.minorProbability(a, spread) >= rules.minorConfidence()) {
                minorBelow = a + 0.1f;
            }
            if (dec == Decision.ADULT && adultFrom == null) {
                adultFrom = a;
            }
        }
        t.put("adultFrom", adultFrom == null ? null : CheckCommand.round(adultFrom, 1));
        t.put("likelyMinorBelow", minorBelow == null ? null : CheckCommand.round(minorBelow, 1));
        ArrayNode ex = r.putArray("examples");
        List<float[]> cases = age != null ? List.<float[]>of(new float[] {age, spread})
                : List.of(new float[] {12f, 2f}, new float[] {20f, spread}, new float[] {35f, spread});
        for (float[] c : cases) {
            Ruling ruling = rules.judge(c[0], c[1], 1, at);
            ObjectNode e = ex.addObject();
            e.put("age", c[0]);
            e.put("spread", c[1]);
            e.put("decision", ruling.decision().name());
            e.put("admitted", ruling.admitted());
            e.put("rule", ruling.ruleApplied());
            e.put("reason", ruling.reason());
        }
        ArrayNode w = r.putArray("warnings");
        cal.missingNotice(day).ifPresent(y -> w.add("no State Council holiday notice loaded for " + y
                + ": statutory days count by law; rest days around them and make-up working days are unknown"));
        if (rules.minorPolicy() == org.entryguard.core.rules.MinorPolicy.ALLOW_ON_REST_DAYS_AND_VACATIONS
                && rules.schoolVacations().vacations().isEmpty()) {
            w.add("no school-vacation file for the city (--vacations FILE): vacations are not counted");
        }
        return r;
    }

    private static String yes(boolean b, boolean en) {
        return en ? (b ? "yes" : "no") : (b ? "是" : "否");
    }

    /** The report as lines for a person at the venue or an inspector. */
    static String text(ObjectNode r, boolean en) {
        StringBuilder sb = new StringBuilder();
        ObjectNode d = (ObjectNode) r.get("day");
        ObjectNode t = (ObjectNode) r.get("thresholds");
        LocalDate day = LocalDate.parse(d.get("date").asText());
        String weekday = day.getDayOfWeek().getDisplayName(TextStyle.FULL, en ? Locale.ENGLISH : Locale.CHINA);
        String holiday = d.get("holiday").isNull() ? "" : " (" + d.get("holiday").asText() + ")";
        String vacation = d.get("schoolVacation").isNull() ? "" : " (" + d.get("schoolVacation").asText() + ")";
        if (en) {
            sb.append("Venue:              ").append(r.get("venue").asText()).append(" (policy ").append(r.get("policy").asText()).append(")\n");
            sb.append("Time:               ").append(r.get("at").asText()).append(' ').append(weekday).append(", ").append(r.get("zone").asText())
                    .append(r.get("open").asBoolean() ? "" : " - outside opening hours").append('\n');
            sb.append("Statutory holiday:  ").append(yes(d.get("statutoryHoliday").asBoolean(), true)).append(holiday)
                    .append(d.get("noticeLoaded").asBoolean() ? "" : " - by law; the State Council's notice for " + day.getYear() + " is not loaded").append('\n');
            sb.append("Rest day:           ").append(yes(d.get("restDay").asBoolean(), true))
                    .append(d.get("makeUpWorkday").asBoolean() ? " (make-up working day)" : "").append('\n');
            sb.append("School vacation:    ").append(yes(!d.get("schoolVacation").isNull(), true)).append(vacation)
                    .append(d.get("vacationFileLoaded").asBoolean() ? "" : " - no vacation file loaded").append('\n');
            sb.append("Minors admitted:    ").append(yes(r.get("minorsAdmitted").asBoolean(), true)).append(" - ")
                    .append(r.get("minorsNote").asText()).append('\n');
            sb.append("Legal basis:        ").append(r.get("legalBasis").asText()).append('\n');
            sb.append(String.format(Locale.ROOT, "Thresholds:         minor under %d, challenge age %d; with a spread of %.1f years an estimate"
                            + " passes as adult from %s and is called a likely minor below %s; in between: ID check%n",
                    t.get("minorAge").asInt(), t.get("challengeAge").asInt(), t.get("spread").asDouble(),
                    t.get("adultFrom").asText(), t.get("likelyMinorBelow").asText()));
            if (t.get("guardianAge").asInt() > 0) {
                sb.append("Guardian:           under ").append(t.get("guardianAge").asInt()).append(" only with a parent or guardian\n");
            }
            if (t.get("idCheckWhenUnclear").asBoolean()) {
                sb.append("Unclear faces:      ID check always (the rule says so, also when minors are admitted)\n");
            }
            sb.append("What the rules decide for one estimate:\n");
        } else {
            sb.append("场所类型：    ").append(r.get("venue").asText()).append("（未成年人政策 ").append(r.get("policy").asText()).append("）\n");
            sb.append("时间：        ").append(r.get("at").asText()).append(' ').append(weekday).append("，").append(r.get("zone").asText())
                    .append(r.get("open").asBoolean() ? "" : "（不在营业时间内）").append('\n');
            sb.append("法定节假日：  ").append(yes(d.get("statutoryHoliday").asBoolean(), false)).append(holiday)
                    .append(d.get("noticeLoaded").asBoolean() ? "" : "（依法计算；未载入国务院办公厅" + day.getYear() + "年部分节假日安排的通知）").append('\n');
            sb.append("休息日：      ").append(yes(d.get("restDay").asBoolean(), false))
                    .append(d.get("makeUpWorkday").asBoolean() ? "（调休上班日）" : "").append('\n');
            sb.append("寒暑假：      ").append(yes(!d.get("schoolVacation").isNull(), false)).append(vacation)
                    .append(d.get("vacationFileLoaded").asBoolean() ? "" : "（未载入本市寒暑假文件）").append('\n');
            sb.append("未成年人：    ").append(r.get("minorsAdmitted").asBoolean() ? "可以进入" : "不得进入").append(" — ")
                    .append(r.get("minorsNote").asText()).append('\n');
            sb.append("依据：        ").append(r.get("legalBasis").asText()).append('\n');
            sb.append(String.format(Locale.ROOT, "判定阈值：    未满%d周岁为未成年人，挑战年龄%d岁；估计离散度%.1f岁时，估计年龄≥%s岁判为成年，"
                            + "<%s岁判为可能未成年，其间须查验身份证件%n",
                    t.get("minorAge").asInt(), t.get("challengeAge").asInt(), t.get("spread").asDouble(),
                    t.get("adultFrom").asText(), t.get("likelyMinorBelow").asText()));
            if (t.get("guardianAge").asInt() > 0) {
                sb.append("监护人：      不满").append(t.get("guardianAge").asInt()).append("周岁须由父母或者其他监护人陪同\n");
            }
            if (t.get("idCheckWhenUnclear").asBoolean()) {
                sb.append("难以判明：    一律查验身份证件（规则如此要求，未成年人可以进入时亦然）\n");
            }
            sb.append("单次估计的判定：\n");
        }
        for (var e : r.get("examples")) {
            sb.append(String.format(Locale.ROOT, "  %s %4.1f ± %.1f → %-17s %s%n", en ? "age" : "年龄", e.get("age").asDouble(),
                    e.get("spread").asDouble(), e.get("decision").asText(),
                    en ? (e.get("admitted").asBoolean() ? "admitted" : "stopped") : (e.get("admitted").asBoolean() ? "放行" : "拦下")));
            sb.append("      ").append(e.get("reason").asText()).append('\n');
        }
        for (var w : r.get("warnings")) {
            sb.append(en ? "Warning: " : "提醒：").append(w.asText()).append('\n');
        }
        return sb.toString();
    }
}
