package org.entryguard.regulator.bus;

import java.util.Objects;

import org.entryguard.regulator.store.StoredAlert;

/**
 * An alert that passed the intake's checks, on its way to storage.
 *
 * @param alert        the row to store
 * @param image        a face image to keep beside it, or {@code null} (only set when the operator enabled storage)
 * @param imageType    the image's media type, e.g. {@code image/jpeg}
 * @param arrivedNanos {@link System#nanoTime()} when the request arrived (for request-to-visible latency; node-local)
 */
public record VerifiedAlert(StoredAlert alert, byte[] image, String imageType, long arrivedNanos) {
    /** Checks the alert is present. */
    public VerifiedAlert {
        Objects.requireNonNull(alert, "alert");
    }
}
