package org.entryguard.regulator.store;

import java.util.function.Consumer;

/**
 * Alerts as they become visible: called once per alert after it is stored (never for a dropped duplicate)
 * and again after each handling change. Consoles subscribe to push server-sent events.
 */
public interface AlertFeed {

    /** Starts delivering to {@code listener}; closing the returned handle stops it. */
    AutoCloseable subscribe(Consumer<StoredAlert> listener);
}
