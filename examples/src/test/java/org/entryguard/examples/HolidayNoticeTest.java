package org.entryguard.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.entryguard.alerts.DeliveryMetrics;
import org.entryguard.core.rules.HolidayCalendar;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** From 1 December (venue time) without next year's notice: warning on /health, a gauge, one log line a day. */
class HolidayNoticeTest {
    private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");

    private static HolidayNotice at(String instant) {
        return new HolidayNotice(HolidayCalendar.ofDefaults(), BEIJING, Clock.fixed(Instant.parse(instant), ZoneOffset.UTC));
    }

    @Test
    void warnsFromTheFirstOfDecemberInTheVenuesZone() {
        assertTrue(at("2026-11-30T15:59:00Z").warning().isEmpty(), "23:59 on 30 November in Beijing");
        HolidayNotice dec1 = at("2026-11-30T16:00:00Z"); // 00:00 on 1 December in Beijing
        assertEquals(2027, dec1.missing().getAsInt());
        String w = dec1.warning().orElseThrow();
        assertTrue(w.contains("2027") && w.contains("statutory holidays still count"), w);

        ObjectNode health = new ObjectMapper().createObjectNode().put("status", "ok");
        dec1.addTo(health);
        assertEquals("ok", health.get("status").asText(), "a warning, not a failure");
        assertTrue(health.get("warnings").get(0).asText().contains("2027"), health.toString());
        ObjectNode quiet = new ObjectMapper().createObjectNode();
        at("2026-06-01T00:00:00Z").addTo(quiet);
        assertFalse(quiet.has("warnings"));
    }

    @Test
    void logsOncePerDay() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream log = new PrintStream(buf, true, StandardCharsets.UTF_8);
        HolidayNotice n = at("2026-12-01T02:00:00Z");
        n.logOncePerDay(log);
        n.logOncePerDay(log);
        List<String> lines = buf.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("warning: "), lines.get(0));
    }

    @Test
    void gaugeFollowsTheNotice() {
        HolidayNotice dec = at("2026-12-01T02:00:00Z");
        HolidayNotice nov = at("2026-11-01T02:00:00Z");
        try (GatewayMetrics m = new GatewayMetrics(List.of(), List::of, () -> new DeliveryMetrics(0, 0, 0, 0, 0), List.of())) {
            m.flag("entryguard.holiday.notice.missing", "test", () -> dec.missing().isPresent());
            m.flag("entryguard.test.nov", "test", () -> nov.missing().isPresent());
            String s = m.scrape();
            assertTrue(s.contains("entryguard_holiday_notice_missing 1"), s);
            assertTrue(s.contains("entryguard_test_nov 0"), s);
        }
    }
}
