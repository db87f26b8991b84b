package org.entryguard.regulator.store;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import org.entryguard.core.EntryGuardException;

/**
 * {@link AlertStore} over JDBC ({@link Database}: H2 or PostgreSQL). Inserts are insert-if-absent on the alert
 * id, so a redelivered alert (webhook retry, GA/T 1400 resend, Kafka redelivery after a crash) never makes a second
 * row; the venue's last-seen time and count change in the same transaction. Handling changes lock the row, update
 * it and append the audit line in one transaction. Thread-safe.
 */
public final class JdbcAlertStore implements AlertStore {
    private static final String COLUMNS = "id, venue_id, venue_name, district, type, decision, rule_applied, reason, age_low,"
            + " age_high, occurred_at, received_at, source, handling";
    private static final int IN_CHUNK = 500;

    private final Database db;
    private final ZoneId zone;
    private final Clock clock;
    private volatile Consumer<StoredAlert> onHandled = a -> { };

    /**
     * @param zone the bureau's zone: an alert's day (for daily counts) is its local date there
     */
    public JdbcAlertStore(Database db, ZoneId zone, Clock clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.zone = Objects.requireNonNull(zone, "zone");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Called with the updated alert after each committed handling change (the feed pushes it to consoles). */
    public void onHandled(Consumer<StoredAlert> listener) { this.onHandled = Objects.requireNonNull(listener, "listener"); }

    /** The database underneath. */
    public Database database() { return db; }

    @Override
    public boolean insert(StoredAlert alert) { return insertAll(List.of(alert))[0]; }

    @Override
    public boolean[] insertAll(List<StoredAlert> alerts) {
        if (alerts.isEmpty()) return new boolean[0];
        // Two writers may race on one id (two consumers after a rebalance, two nodes on one database): the loser's
        // batch fails on the primary key, rolls back whole, and the second attempt sees the winner's row.
        SQLException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                return tryInsert(alerts);
            } catch (SQLException e) {
                if (!isUniqueViolation(e)) throw failure("store " + alerts.size() + " alerts", e);
                last = e;
            }
        }
        throw failure("store " + alerts.size() + " alerts (ids kept colliding with concurrent writers)", last);
    }

    private boolean[] tryInsert(List<StoredAlert> alerts) throws SQLException {
        boolean[] out = new boolean[alerts.size()];
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try {
                Set<String> existing = existingIds(c, alerts);
                Set<String> batch = new HashSet<>();
                List<StoredAlert> fresh = new ArrayList<>();
                for (int i = 0; i < out.length; i++) {
                    String id = alerts.get(i).id();
                    if (!existing.contains(id) && batch.add(id)) {
                        out[i] = true;
                        fresh.add(alerts.get(i));
                    }
                }
                if (!fresh.isEmpty()) {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO alerts (" + COLUMNS + ", occurred_day)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                        for (StoredAlert a : fresh) {
                            bind(ps, a);
                            ps.addBatch();
                        }
                        ps.executeBatch();
                    }
                    upsertVenues(c, fresh);
                }
                c.commit();
                return out;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private Set<String> existingIds(Connection c, List<StoredAlert> alerts) throws SQLException {
        Set<String> found = new HashSet<>();
        List<String> ids = alerts.stream().map(StoredAlert::id).distinct().toList();
        for (int from = 0; from < ids.size(); from += IN_CHUNK) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + IN_CHUNK));
            String marks = String.join(",", Collections.nCopies(chunk.size(), "?"));
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM alerts WHERE id IN (" + marks + ")")) {
                for (int i = 0; i < chunk.size(); i++) ps.setString(i + 1, chunk.get(i));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) found.add(rs.getString(1));
                }
            }
        }
        return found;
    }

    private void bind(PreparedStatement ps, StoredAlert a) throws SQLException {
        ps.setString(1, a.id());
        ps.setString(2, a.venueId());
        ps.setString(3, cap(a.venueName(), 256));
        ps.setString(4, cap(a.district(), 128));
        ps.setString(5, cap(a.type(), 64));
        ps.setString(6, cap(a.decision(), 64));
        ps.setString(7, cap(a.rule(), 512));
        ps.setString(8, cap(a.reason(), 1024));
        setDouble(ps, 9, a.ageLow());
        setDouble(ps, 10, a.ageHigh());
        ps.setObject(11, utc(a.occurredAt()));
        ps.setObject(12, utc(a.receivedAt() != null ? a.receivedAt() : clock.instant()));
        ps.setString(13, a.source() == null ? "webhook" : a.source());
        ps.setString(14, a.handling().name());
        ps.setObject(15, LocalDate.ofInstant(a.occurredAt(), zone));
    }

    /** One upsert per venue in the batch: last-seen is the newest alert time, the count grows by the new rows. */
    private void upsertVenues(Connection c, List<StoredAlert> fresh) throws SQLException {
        Map<String, StoredAlert> newest = new LinkedHashMap<>();
        Map<String, Integer> counts = new HashMap<>();
        for (StoredAlert a : fresh) {
            newest.merge(a.venueId(), a, (x, y) -> y.occurredAt().isAfter(x.occurredAt()) ? y : x);
            counts.merge(a.venueId(), 1, Integer::sum);
        }
        try (PreparedStatement up = c.prepareStatement("UPDATE venues SET venue_name = ?, district = ?,"
                + " last_seen = CASE WHEN last_seen < ? THEN ? ELSE last_seen END, alerts = alerts + ? WHERE venue_id = ?");
             PreparedStatement ins = c.prepareStatement("INSERT INTO venues (venue_id, venue_name, district, last_seen, alerts)"
                     + " VALUES (?, ?, ?, ?, ?)")) {
            for (StoredAlert a : newest.values()) {
                OffsetDateTime seen = utc(a.occurredAt());
                up.setString(1, cap(a.venueName(), 256));
                up.setString(2, cap(a.district(), 128));
                up.setObject(3, seen);
                up.setObject(4, seen);
                up.setLong(5, counts.get(a.venueId()));
                up.setString(6, a.venueId());
                if (up.executeUpdate() == 0) {
                    ins.setString(1, a.venueId());
                    ins.setString(2, cap(a.venueName(), 256));
                    ins.setString(3, cap(a.district(), 128));
                    ins.setObject(4, seen);
                    ins.setLong(5, counts.get(a.venueId()));
                    ins.executeUpdate();
                }
            }
        }
    }

    @Override
    public List<StoredAlert> find(AlertFilter f) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM alerts WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (f.district() != null) { sql.append(" AND district = ?"); args.add(f.district()); }
        if (f.venueId() != null) { sql.append(" AND venue_id = ?"); args.add(f.venueId()); }
        if (f.type() != null) { sql.append(" AND type = ?"); args.add(f.type()); }
        if (f.from() != null) { sql.append(" AND occurred_at >= ?"); args.add(utc(f.from())); }
        if (f.to() != null) { sql.append(" AND occurred_at <= ?"); args.add(utc(f.to())); }
        sql.append(" ORDER BY occurred_at DESC, id DESC LIMIT ?");
        args.add(Math.max(0, Math.min(f.limit() <= 0 ? 100 : f.limit(), 10_000)));
        return query(sql.toString(), args);
    }

    @Override
    public Optional<StoredAlert> get(String id) {
        List<StoredAlert> r = query("SELECT " + COLUMNS + " FROM alerts WHERE id = ?", List.of(id));
        return r.isEmpty() ? Optional.empty() : Optional.of(r.get(0));
    }

    /** How many alerts are stored (benchmarks, the demo summary). */
    public long count() {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM alerts");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw failure("count alerts", e);
        }
    }

    @Override
    public StoredAlert handle(String alertId, Handling state, String officer, String note) {
        Objects.requireNonNull(state, "state");
        if (officer == null || officer.isBlank()) {
            throw new IllegalArgumentException("handling needs the officer's name or badge number");
        }
        StoredAlert updated;
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try {
                List<StoredAlert> row = query(c, "SELECT " + COLUMNS + " FROM alerts WHERE id = ? FOR UPDATE", List.of(alertId));
                if (row.isEmpty()) throw new NoSuchElementException("no alert with id '" + alertId + "'");
                Instant now = clock.instant();
                try (PreparedStatement up = c.prepareStatement("UPDATE alerts SET handling = ? WHERE id = ?");
                     PreparedStatement log = c.prepareStatement("INSERT INTO handling_log (alert_id, state, officer, note, changed_at)"
                             + " VALUES (?, ?, ?, ?, ?)")) {
                    up.setString(1, state.name());
                    up.setString(2, alertId);
                    up.executeUpdate();
                    log.setString(1, alertId);
                    log.setString(2, state.name());
                    log.setString(3, cap(officer, 128));
                    log.setString(4, cap(note, 2000));
                    log.setObject(5, utc(now));
                    log.executeUpdate();
                }
                c.commit();
                StoredAlert a = row.get(0);
                updated = new StoredAlert(a.id(), a.venueId(), a.venueName(), a.district(), a.type(), a.decision(), a.rule(),
                        a.reason(), a.ageLow(), a.ageHigh(), a.occurredAt(), a.receivedAt(), a.source(), state);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw failure("record the handling of " + alertId, e);
        }
        try {
            onHandled.accept(updated);
        } catch (RuntimeException e) {
            // the change is committed; a failing listener must not make the officer's action look failed
        }
        return updated;
    }

    @Override
    public List<HandlingEntry> history(String alertId) {
        List<HandlingEntry> out = new ArrayList<>();
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
                "SELECT state, officer, note, changed_at FROM handling_log WHERE alert_id = ? ORDER BY seq")) {
            ps.setString(1, alertId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new HandlingEntry(alertId, Handling.valueOf(rs.getString(1)), rs.getString(2), rs.getString(3),
                            rs.getObject(4, OffsetDateTime.class).toInstant()));
                }
            }
        } catch (SQLException e) {
            throw failure("read the history of " + alertId, e);
        }
        return out;
    }

    @Override
    public List<VenueSummary> venues(String district) {
        String sql = "SELECT venue_id, venue_name, district, last_seen, alerts FROM venues"
                + (district == null ? "" : " WHERE district = ?") + " ORDER BY last_seen DESC, venue_id";
        List<VenueSummary> out = new ArrayList<>();
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (district != null) ps.setString(1, district);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new VenueSummary(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getObject(4, OffsetDateTime.class).toInstant(), rs.getLong(5)));
                }
            }
        } catch (SQLException e) {
            throw failure("list venues", e);
        }
        return out;
    }

    @Override
    public List<DailyCount> daily(LocalDate from, LocalDate to, String district) {
        String sql = "SELECT occurred_day, district, type, COUNT(*) FROM alerts WHERE occurred_day >= ? AND occurred_day <= ?"
                + (district == null ? "" : " AND district = ?")
                + " GROUP BY occurred_day, district, type ORDER BY occurred_day, district, type";
        List<DailyCount> out = new ArrayList<>();
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, from);
            ps.setObject(2, to);
            if (district != null) ps.setString(3, district);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new DailyCount(rs.getObject(1, LocalDate.class), rs.getString(2), rs.getString(3), rs.getLong(4)));
                }
            }
        } catch (SQLException e) {
            throw failure("count alerts per day", e);
        }
        return out;
    }

    /**
     * Keeps a face image beside a stored alert (only called when the operator enabled image storage).
     *
     * @return whether it was written (false: the alert has one already)
     */
    public boolean storeImage(String alertId, String contentType, byte[] data) {
        try (Connection c = db.connection()) {
            try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM face_images WHERE alert_id = ?")) {
                q.setString(1, alertId);
                try (ResultSet rs = q.executeQuery()) {
                    if (rs.next()) return false;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO face_images (alert_id, content_type, data, stored_at) VALUES (?, ?, ?, ?)")) {
                ps.setString(1, alertId);
                ps.setString(2, contentType);
                ps.setBytes(3, data);
                ps.setObject(4, utc(clock.instant()));
                return ps.executeUpdate() == 1;
            }
        } catch (SQLException e) {
            if (isUniqueViolation(e)) return false;
            throw failure("store the image of " + alertId, e);
        }
    }

    /** The stored image of an alert, if any. */
    public Optional<byte[]> image(String alertId) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement("SELECT data FROM face_images WHERE alert_id = ?")) {
            ps.setString(1, alertId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure("read the image of " + alertId, e);
        }
    }

    /** Deletes images stored before {@code cutoff} (the retention bound); returns how many. */
    public int purgeImages(Instant cutoff) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement("DELETE FROM face_images WHERE stored_at < ?")) {
            ps.setObject(1, utc(cutoff));
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw failure("purge old images", e);
        }
    }

    private List<StoredAlert> query(String sql, List<?> args) {
        try (Connection c = db.connection()) {
            return query(c, sql, args);
        } catch (SQLException e) {
            throw failure("query alerts", e);
        }
    }

    private static List<StoredAlert> query(Connection c, String sql, List<?> args) throws SQLException {
        List<StoredAlert> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.size(); i++) ps.setObject(i + 1, args.get(i));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(row(rs));
            }
        }
        return out;
    }

    private static StoredAlert row(ResultSet rs) throws SQLException {
        return new StoredAlert(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), getDouble(rs, 9), getDouble(rs, 10),
                rs.getObject(11, OffsetDateTime.class).toInstant(), rs.getObject(12, OffsetDateTime.class).toInstant(),
                rs.getString(13), Handling.valueOf(rs.getString(14)));
    }

    private static Double getDouble(ResultSet rs, int i) throws SQLException {
        double d = rs.getDouble(i);
        return rs.wasNull() ? null : d;
    }

    private static void setDouble(PreparedStatement ps, int i, Double d) throws SQLException {
        if (d == null) ps.setNull(i, java.sql.Types.DOUBLE);
        else ps.setDouble(i, d);
    }

    private static OffsetDateTime utc(Instant t) { return t.atOffset(ZoneOffset.UTC); }

    private static String cap(String s, int max) { return s == null || s.length() <= max ? s : s.substring(0, max); }

    /** SQLSTATE 23505 (unique violation) in PostgreSQL and H2, also when wrapped in a batch exception. */
    static boolean isUniqueViolation(SQLException e) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            if ("23505".equals(x.getSQLState())) return true;
            if (x instanceof BatchUpdateException && x.getCause() instanceof SQLException s && "23505".equals(s.getSQLState())) return true;
        }
        return false;
    }

    private EntryGuardException failure(String what, SQLException e) {
        return new EntryGuardException("database " + db.url() + ": cannot " + what + ": " + e.getMessage(), e);
    }

    @Override
    public void close() { db.close(); }
}
