package org.entryguard.regulator.store;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * The bureau's alert table and its audit trail. Implementations are thread-safe.
 * {@code district == null} in a query means every district (a city-level officer).
 */
public interface AlertStore extends AutoCloseable {

    /** Stores {@code alert} unless its id is already stored; returns whether a row was written. */
    boolean insert(StoredAlert alert);

    /**
     * Stores a batch, each alert unless its id is already stored (or appears earlier in the batch), in as few
     * transactions as the implementation can; {@code result[i]} says whether {@code alerts.get(i)} was written.
     * All or nothing: on an exception no row of the batch is written.
     */
    default boolean[] insertAll(List<StoredAlert> alerts) {
        boolean[] out = new boolean[alerts.size()];
        for (int i = 0; i < out.length; i++) out[i] = insert(alerts.get(i));
        return out;
    }

    /** Alerts matching {@code filter}, newest first. */
    List<StoredAlert> find(AlertFilter filter);

    /** One alert by id. */
    Optional<StoredAlert> get(String id);

    /**
     * Moves an alert to {@code state} and appends the audit line.
     *
     * @throws java.util.NoSuchElementException if no alert has that id
     */
    StoredAlert handle(String alertId, Handling state, String officer, String note);

    /** The alert's audit trail, oldest first. */
    List<HandlingEntry> history(String alertId);

    /** Venues heard from, with last-seen time and alert counts. */
    List<VenueSummary> venues(String district);

    /** Counts per day, district and type, for {@code from..to} inclusive. */
    List<DailyCount> daily(LocalDate from, LocalDate to, String district);

    @Override
    void close();
}
