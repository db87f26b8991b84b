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
    private final long everyMillis;
    private volatile Thread thread;

    ScriptedIdCardReader(String readerId, String cameraId, String[] births, long everyMillis) {
        this.readerId = readerId;
        this.cameraId = cameraId;
        this.births = births;
        this.everyMillis = everyMillis;
    }

    /** Reads at once; with {@code everyMillis}, on its own thread, one card per interval until one resolved a check. */
    @Override
    public void start(Consumer<IdCardRead> reads) {
        if (everyMillis <= 0) {
            for (String b : births) {
                reads.accept(new IdCardRead(readerId, cameraId, LocalDate.parse(b)));
            }
            return;
        }
        thread = new Thread(() -> {
            try {
                for (String b : births) {
                    IdCardRead read = new IdCardRead(readerId, cameraId, LocalDate.parse(b));
                    while (true) {
                        Thread.sleep(everyMillis);
                        if (!(reads instanceof IdCardResolver r) || r.resolve(read).isPresent()) {
                            break; // a card is held to the reader until a check takes it
                        }
                    }
                }
            } catch (InterruptedException e) {
                // closed
            }
        }, "scripted-id-card-reader");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() {
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
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
            return new ScriptedIdCardReader(readerId, cameraId, births.split(","),
                    Long.parseLong(settings.getOrDefault("everyMillis", "0")));
        }
    }
}
