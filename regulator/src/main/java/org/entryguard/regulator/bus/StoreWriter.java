package org.entryguard.regulator.bus;

import java.util.ArrayList;
import java.util.List;

import org.entryguard.regulator.RegulatorMetrics;
import org.entryguard.regulator.store.JdbcAlertStore;
import org.entryguard.regulator.store.LiveFeed;
import org.entryguard.regulator.store.StoredAlert;

/**
 * The one place alerts become rows: a batch is inserted (insert-if-absent, one transaction), the images of new
 * rows are kept when storage is on, and only then are the new alerts pushed to the feed. Both buses write through it.
 */
public final class StoreWriter {
    private final JdbcAlertStore store;
    private final LiveFeed feed;
    private final RegulatorMetrics metrics;

    /** Writes to {@code store}, then tells {@code feed}. */
    public StoreWriter(JdbcAlertStore store, LiveFeed feed, RegulatorMetrics metrics) {
        this.store = store;
        this.feed = feed;
        this.metrics = metrics;
    }

    /**
     * Stores a batch; {@code result[i]} says whether {@code batch.get(i)} made a new row.
     *
     * @throws RuntimeException when the database refused the batch (nothing of it was written)
     */
    public boolean[] write(List<VerifiedAlert> batch) {
        List<StoredAlert> rows = new ArrayList<>(batch.size());
        for (VerifiedAlert v : batch) rows.add(v.alert());
        boolean[] fresh = store.insertAll(rows);
        int n = 0;
        for (int i = 0; i < fresh.length; i++) {
            VerifiedAlert v = batch.get(i);
            if (!fresh[i]) {
                metrics.duplicate(false);
                continue;
            }
            n++;
            if (v.image() != null) {
                store.storeImage(v.alert().id(), v.imageType() == null ? "application/octet-stream" : v.imageType(), v.image());
                metrics.image(true);
            }
        }
        metrics.stored(n);
        long now = System.nanoTime();
        for (int i = 0; i < fresh.length; i++) {
            if (!fresh[i]) continue;
            VerifiedAlert v = batch.get(i);
            feed.publish(v.alert());
            if (v.arrivedNanos() != 0) metrics.visible(now - v.arrivedNanos());
        }
        return fresh;
    }
}
