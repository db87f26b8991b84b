package org.entryguard.regulator.console;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.entryguard.regulator.store.AlertFeed;
import org.entryguard.regulator.store.AlertFilter;
import org.entryguard.regulator.store.AlertStore;
import org.entryguard.regulator.store.DailyCount;
import org.entryguard.regulator.store.Handling;
import org.entryguard.regulator.store.HandlingEntry;
import org.entryguard.regulator.store.StoredAlert;
import org.entryguard.regulator.store.VenueSummary;

/**
 * A stand-in for the service's JDBC store (which has its own tests against H2 and PostgreSQL), so that the console's
 * tests can run on their own: the same contract, in memory, publishing to its feed after each insert and handling
 * as the real store's feed does. Deliberately simple; it is test code.
 */
final class InMemoryAlertStore implements AlertStore, AlertFeed {
    private final Map<String, StoredAlert> alerts = new LinkedHashMap<>();
    private final Map<String, List<HandlingEntry>> history = new LinkedHashMap<>();
    private final List<Consumer<StoredAlert>> listeners = new CopyOnWriteArrayList<>();
    private final ZoneId zone = ZoneId.of("Asia/Shanghai");

    @Override
    public boolean insert(StoredAlert alert) {
        synchronized (this) {
            if (alerts.containsKey(alert.id())) {
                return false;
            }
            alerts.put(alert.id(), alert);
        }
        listeners.forEach(l -> l.accept(alert));
        return true;
    }

    @Override
    public synchronized List<StoredAlert> find(AlertFilter f) {
        return alerts.values().stream()
                .filter(a -> f.district() == null || f.district().equals(a.district()))
                .filter(a -> f.venueId() == null || f.venueId().equals(a.venueId()))
                .filter(a -> f.type() == null || f.type().equals(a.type()))
                .filter(a -> f.from() == null || !a.occurredAt().isBefore(f.from()))
                .filter(a -> f.to() == null || !a.occurredAt().isAfter(f.to()))
                .sorted(Comparator.comparing(StoredAlert::occurredAt).reversed())
                .limit(f.limit())
                .toList();
    }

    @Override
    public synchronized Optional<StoredAlert> get(String id) {
        return Optional.ofNullable(alerts.get(id));
    }

    @Override
    public StoredAlert handle(String alertId, Handling state, String officer, String note) {
        StoredAlert after;
        synchronized (this) {
            StoredAlert a = alerts.get(alertId);
            if (a == null) {
                throw new NoSuchElementException("no alert " + alertId);
            }
            after = new StoredAlert(a.id(), a.venueId(), a.venueName(), a.district(), a.type(), a.decision(), a.rule(),
                    a.reason(), a.ageLow(), a.ageHigh(), a.occurredAt(), a.receivedAt(), a.source(), state);
            alerts.put(alertId, after);
            history.computeIfAbsent(alertId, k -> new ArrayList<>())
                    .add(new HandlingEntry(alertId, state, officer, note, Instant.now()));
        }
        StoredAlert published = after;
        listeners.forEach(l -> l.accept(published));
        return after;
    }

    @Override
    public synchronized List<HandlingEntry> history(String alertId) {
        return List.copyOf(history.getOrDefault(alertId, List.of()));
    }

    @Override
    public synchronized List<VenueSummary> venues(String district) {
        Map<String, VenueSummary> out = new TreeMap<>();
        for (StoredAlert a : alerts.values()) {
            if (district != null && !district.equals(a.district())) {
                continue;
            }
            VenueSummary v = out.get(a.venueId());
            Instant seen = a.receivedAt() != null ? a.receivedAt() : a.occurredAt();
            if (v == null) {
                out.put(a.venueId(), new VenueSummary(a.venueId(), a.venueName(), a.district(), seen, 1));
            } else {
                out.put(a.venueId(), new VenueSummary(v.venueId(), v.venueName(), v.district(),
                        seen.isAfter(v.lastSeen()) ? seen : v.lastSeen(), v.alerts() + 1));
            }
        }
        return List.copyOf(out.values());
    }

    @Override
    public synchronized List<DailyCount> daily(LocalDate from, LocalDate to, String district) {
        Map<List<Object>, Long> counts = new TreeMap<>(Comparator.comparing((List<Object> k) -> k.toString()));
        for (StoredAlert a : alerts.values()) {
            LocalDate day = a.occurredAt().atZone(zone).toLocalDate();
            if (day.isBefore(from) || day.isAfter(to) || (district != null && !district.equals(a.district()))) {
                continue;
            }
            counts.merge(List.of(day, String.valueOf(a.district()), a.type()), 1L, Long::sum);
        }
        List<DailyCount> out = new ArrayList<>();
        counts.forEach((k, n) -> out.add(new DailyCount((LocalDate) k.get(0), (String) k.get(1), (String) k.get(2), n)));
        return out;
    }

    @Override
    public AutoCloseable subscribe(Consumer<StoredAlert> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    int listeners() {
        return listeners.size();
    }

    @Override
    public void close() {
        listeners.clear();
    }
}
