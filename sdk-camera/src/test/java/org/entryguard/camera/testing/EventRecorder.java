package org.entryguard.camera.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.entryguard.camera.SourceEvent;
import org.entryguard.camera.SourceListener;
import org.entryguard.camera.SourceState;

/** Collects source events and waits for one that matches. */
public final class EventRecorder implements SourceListener {
    private final List<SourceEvent> events = new ArrayList<>();

    @Override
    public synchronized void onEvent(SourceEvent event) {
        events.add(event);
        System.out.println("event: " + event);
        notifyAll();
    }

    /** All events so far. */
    public synchronized List<SourceEvent> events() {
        return new ArrayList<>(events);
    }

    /** Waits for the first event (from index {@code from}) in that state; fails with the event log on timeout. */
    public SourceEvent await(SourceState state, int from, long timeout, TimeUnit unit) throws InterruptedException {
        return await(e -> e.state() == state, from, "state " + state, timeout, unit);
    }

    /** Waits for a matching event at or after index {@code from}. */
    public synchronized SourceEvent await(Predicate<SourceEvent> match, int from, String what, long timeout, TimeUnit unit)
            throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (true) {
            for (int i = from; i < events.size(); i++) {
                if (match.test(events.get(i))) {
                    return events.get(i);
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("No event with " + what + " within " + unit.toMillis(timeout) + " ms; got "
                        + events);
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /** Number of events so far (an index for {@link #await}). */
    public synchronized int size() {
        return events.size();
    }
}
