package org.entryguard.regulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.entryguard.regulator.store.AlertFilter;
import org.entryguard.regulator.store.Database;
import org.entryguard.regulator.store.DailyCount;
import org.entryguard.regulator.store.Handling;
import org.entryguard.regulator.store.HandlingEntry;
import org.entryguard.regulator.store.JdbcAlertStore;
import org.entryguard.regulator.store.StoredAlert;
import org.entryguard.regulator.store.VenueSummary;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The store against both real databases: the embedded H2 file database and a PostgreSQL server started here. */
class AlertStoreTest {
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static LocalPostgres pg;
    static int pgDatabases;
    @TempDir Path dir;

    @BeforeAll
    static void startPostgres() { pg = LocalPostgres.start(); }

    @AfterAll
    static void stopPostgres() { if (pg != null) pg.close(); }

    static Stream<Arguments> databases() { return Stream.of(Arguments.of("h2"), Arguments.of("postgresql")); }

    JdbcAlertStore open(String kind) {
        if (kind.equals("h2")) return new JdbcAlertStore(Database.embedded(dir.resolve("db"), 4), SHANGHAI, Clock.systemUTC());
        Assumptions.assumeTrue(pg != null, () -> "PostgreSQL test skipped: " + LocalPostgres.unavailable);
        // a fresh database per test, so each starts from migration V1
        String name = "t" + (++pgDatabases);
        try (var c = java.sql.DriverManager.getConnection(pg.url(), "postgres", ""); var st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
        return new JdbcAlertStore(Database.open(pg.url().replace("/postgres", "/" + name), "postgres", null, 4), SHANGHAI, Clock.systemUTC());
    }

    static StoredAlert alert(String id, String venue, String district, String type, Instant at) {
        return new StoredAlert(id, venue, "Venue " + venue, district, type, "MINOR", "no minors", "minor at the door", 13.0, 16.5,
                at, Instant.now(), "webhook", Handling.NEW);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void oneRowPerIdUnderRepeatedAndConcurrentDelivery(String kind) throws Exception {
        try (JdbcAlertStore store = open(kind)) {
            Instant t = Instant.parse("2026-07-01T12:00:00Z");
            assertTrue(store.insert(alert("a1", "v1", "徐汇区", "MINOR_ENTRY", t)));
            assertFalse(store.insert(alert("a1", "v1", "徐汇区", "MINOR_ENTRY", t)));
            boolean[] r = store.insertAll(List.of(alert("a2", "v1", "徐汇区", "MINOR_ENTRY", t), alert("a1", "v1", "徐汇区", "MINOR_ENTRY", t),
                    alert("a2", "v1", "徐汇区", "MINOR_ENTRY", t), alert("a3", "v2", "静安区", "CHECK_ID_UNRESOLVED", t)));
            assertArrayEquals(new boolean[] {true, false, false, true}, r);
            // four writers racing on the same 200 ids: each id is written by exactly one of them
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<Integer>> wins = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                wins.add(pool.submit(() -> {
                    int n = 0;
                    for (int i = 0; i < 200; i += 20) {
                        List<StoredAlert> batch = new ArrayList<>();
                        for (int j = i; j < i + 20; j++) batch.add(alert("race-" + j, "v3", "徐汇区", "MINOR_ENTRY", t));
                        for (boolean b : store.insertAll(batch)) if (b) n++;
                    }
                    return n;
                }));
            }
            int total = 0;
            for (Future<Integer> f : wins) total += f.get();
            pool.shutdown();
            assertEquals(200, total, "each racing id counted as new exactly once");
            assertEquals(203, store.count());
            VenueSummary v3 = store.venues(null).stream().filter(v -> v.venueId().equals("v3")).findFirst().orElseThrow();
            assertEquals(200, v3.alerts(), "venue counts grow by new rows only");
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void handlingKeepsAnAuditTrailAndQueriesFilterByDistrictVenueTypeAndTime(String kind) {
        try (JdbcAlertStore store = open(kind)) {
            List<StoredAlert> seen = new ArrayList<>();
            store.onHandled(seen::add);
            Instant day1 = Instant.parse("2026-07-01T02:00:00Z"); // 10:00 in Shanghai
            Instant day2late = Instant.parse("2026-07-01T17:30:00Z"); // 01:30 on July 2nd in Shanghai
            store.insert(alert("x1", "v1", "徐汇区", "MINOR_ENTRY", day1));
            store.insert(alert("x2", "v1", "徐汇区", "CHECK_ID_UNRESOLVED", day1.plusSeconds(60)));
            store.insert(alert("x3", "v2", "静安区", "MINOR_ENTRY", day2late));

            StoredAlert acked = store.handle("x1", Handling.ACKNOWLEDGED, "officer-017", "seen on camera");
            assertEquals(Handling.ACKNOWLEDGED, acked.handling());
            store.handle("x1", Handling.DISPATCHED, "officer-017", "patrol car 3 sent");
            store.handle("x1", Handling.CLOSED, "officer-022", "minor left with guardian");
            List<HandlingEntry> h = store.history("x1");
            assertEquals(List.of(Handling.ACKNOWLEDGED, Handling.DISPATCHED, Handling.CLOSED), h.stream().map(HandlingEntry::state).toList());
            assertEquals("officer-022", h.get(2).officer());
            assertEquals("patrol car 3 sent", h.get(1).note());
            assertEquals(Handling.CLOSED, store.get("x1").orElseThrow().handling());
            assertEquals(3, seen.size(), "each change goes to the feed");
            assertThrows(NoSuchElementException.class, () -> store.handle("nope", Handling.CLOSED, "o", ""));
            assertThrows(IllegalArgumentException.class, () -> store.handle("x2", Handling.CLOSED, " ", ""));

            assertEquals(List.of("x3", "x2", "x1"), ids(store.find(AlertFilter.newest(10))));
            assertEquals(List.of("x2", "x1"), ids(store.find(new AlertFilter("徐汇区", null, null, null, null, 10))));
            assertEquals(List.of("x3"), ids(store.find(new AlertFilter(null, "v2", null, null, null, 10))));
            assertEquals(List.of("x3", "x1"), ids(store.find(new AlertFilter(null, null, "MINOR_ENTRY", null, null, 10))));
            assertEquals(List.of("x2"), ids(store.find(new AlertFilter(null, null, null, day1.plusSeconds(1), day1.plusSeconds(3600), 10))));
            assertEquals(List.of("x3"), ids(store.find(AlertFilter.newest(1))));

            List<VenueSummary> venues = store.venues("徐汇区");
            assertEquals(1, venues.size());
            assertEquals(2, venues.get(0).alerts());
            assertEquals(day1.plusSeconds(60), venues.get(0).lastSeen());

            List<DailyCount> daily = store.daily(LocalDate.of(2026, 7, 1), LocalDate.of(2026, 7, 2), null);
            assertEquals(List.of(new DailyCount(LocalDate.of(2026, 7, 1), "徐汇区", "CHECK_ID_UNRESOLVED", 1),
                    new DailyCount(LocalDate.of(2026, 7, 1), "徐汇区", "MINOR_ENTRY", 1),
                    new DailyCount(LocalDate.of(2026, 7, 2), "静安区", "MINOR_ENTRY", 1)), daily, "days are Shanghai dates");
            assertEquals(1, store.daily(LocalDate.of(2026, 7, 2), LocalDate.of(2026, 7, 2), "静安区").size());
        }
    }

    static List<String> ids(List<StoredAlert> l) { return l.stream().map(StoredAlert::id).toList(); }
}
