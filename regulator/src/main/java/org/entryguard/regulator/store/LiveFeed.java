package org.entryguard.regulator.store;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link AlertFeed} of one node: whoever stores an alert (or a handling change) calls {@link #publish}, and every
 * subscriber hears of it on the publishing thread. Subscribers must be quick (a console writes to a socket
 * asynchronously); one that throws is logged and kept. Thread-safe.
 */
public final class LiveFeed implements AlertFeed {
    private static final Logger LOG = LoggerFactory.getLogger(LiveFeed.class);
    private final List<Consumer<StoredAlert>> listeners = new CopyOnWriteArrayList<>();

    @Override
    public AutoCloseable subscribe(Consumer<StoredAlert> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Tells every subscriber about {@code alert}. */
    public void publish(StoredAlert alert) {
        for (Consumer<StoredAlert> l : listeners) {
            try {
                l.accept(alert);
            } catch (RuntimeException e) {
                LOG.warn("a feed subscriber failed on alert {}; it stays subscribed", alert.id(), e);
            }
        }
    }

    /** How many subscribers there are now. */
    public int subscribers() { return listeners.size(); }
}
