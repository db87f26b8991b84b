package org.entryguard.alerts.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers the last {@code capacity} accepted alert ids (least recently seen forgotten first) and which ids
 * are being handled right now, so concurrent retries of one id are not handed on twice.
 */
public final class IdTracker {
    /** What {@link #begin} found. */
    public enum State { NEW, DUPLICATE, IN_PROGRESS }

    private final Map<String, Boolean> ids;

    public IdTracker(int capacity) {
        this.ids = new LinkedHashMap<>(1024, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> e) {
                return size() > capacity && e.getValue(); // never forget an id still in progress
            }
        };
    }

    /** Claims an id for handling. */
    public synchronized State begin(String id) {
        Boolean done = ids.get(id);
        if (done == null) {
            ids.put(id, Boolean.FALSE);
            return State.NEW;
        }
        return done ? State.DUPLICATE : State.IN_PROGRESS;
    }

    /** The handler stored it: remember it as accepted. */
    public synchronized void done(String id) { ids.put(id, Boolean.TRUE); }

    /** The handler failed: forget the claim so a retry is handled afresh. */
    public synchronized void abandon(String id) { ids.remove(id); }
}
