package org.entryguard.regulator.intake;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ids this node accepted lately (bounded, least recently added dropped first), so that a retry or a replay
 * inside the timestamp window is answered "duplicate" without a trip to the database. Not the guarantee: the
 * store's insert-if-absent is; this only spares the database. Thread-safe.
 */
final class RecentIds {
    private final Map<String, Boolean> ids;

    RecentIds(int capacity) {
        this.ids = new LinkedHashMap<>(1024, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) { return size() > capacity; }
        };
    }

    synchronized boolean contains(String id) { return ids.containsKey(id); }

    synchronized void add(String id) { ids.put(id, Boolean.TRUE); }
}
