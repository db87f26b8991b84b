package org.entryguard.core.ledger;

import java.time.LocalDate;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A stand-in ID-card reader for tests (no card reader hardware can run here): "reads" the birth dates listed in its
 * settings when started. Registered through the service loader exactly as a real reader's jar would be.
 */
public final class ScriptedIdCardReader implements IdCardReader {
    private final String readerId;
    private final String cameraId;
    private final String[] births;

    ScriptedIdCardReader(String readerId, String cameraId, String[] births) {
        this.readerId = readerId;
        this.cameraId = cameraId;
        this.births = births;
    }

    @Override
    public void start(Consumer<IdCardRead> reads) {
        for (String b : births) {
            reads.accept(new IdCardRead(readerId, cameraId, LocalDate.parse(b)));
        }
    }

    @Override
    public void close() {
    }

    /** The provider the service loader finds. */
    public static final class Provider implements IdCardReader.Provider {
        @Override
        public String type() { return "scripted"; }

        @Override
        public IdCardReader open(String readerId, String cameraId, Map<String, String> settings) {
            String births = settings.get("births");
            if (births == null) {
                throw new IllegalArgumentException("scripted reader needs 'births': comma-separated yyyy-mm-dd");
            }
            return new ScriptedIdCardReader(readerId, cameraId, births.split(","));
        }
    }
}
