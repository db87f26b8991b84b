package org.entryguard.core.ledger;

import java.util.Map;
import java.util.function.Consumer;

/**
 * An ID-card reader at a door (e.g. a second-generation resident ID card reader, 二代证读卡器) that resolves open ID
 * checks: each card read goes to an {@link IdCardResolver}, which answers the oldest open check at the reader's door.
 * Only the birth date leaves the reader: no name, no ID number, no photo.
 *
 * <p>Readers plug in with the Java service loader: a jar with a {@link Provider} listed in
 * {@code META-INF/services/org.entryguard.core.ledger.IdCardReader$Provider} is found by {@link #providers()}.
 */
public interface IdCardReader extends AutoCloseable {

    /** Starts reading; every card read is handed to {@code reads}, on the reader's own thread. */
    void start(Consumer<IdCardRead> reads);

    /** Stops reading and releases the device. */
    @Override
    void close();

    /** Makes readers of one kind; found by the service loader. */
    interface Provider {
        /** The kind's name, as written in a configuration (e.g. {@code "serial-sdt"}). */
        String type();

        /**
         * Opens a reader.
         *
         * @param readerId the reader's id, recorded as the "staff" who resolved a check ({@code id-reader:<id>})
         * @param cameraId the door the reader stands at
         * @param settings the kind's own settings (port, speed, ...)
         * @throws IllegalArgumentException naming a bad setting
         */
        IdCardReader open(String readerId, String cameraId, Map<String, String> settings);
    }

    /** The providers on the class path, by type. */
    static Map<String, Provider> providers() {
        Map<String, Provider> out = new java.util.LinkedHashMap<>();
        for (Provider p : java.util.ServiceLoader.load(Provider.class)) {
            out.putIfAbsent(p.type(), p);
        }
        return out;
    }
}
