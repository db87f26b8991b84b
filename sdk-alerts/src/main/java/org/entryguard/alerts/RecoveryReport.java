package org.entryguard.alerts;

import java.nio.file.Path;
import java.util.List;

/**
 * What opening an outbox found on disk. Damaged bytes are never thrown away: each damaged stretch is copied
 * to the outbox's {@code corrupt/} folder and listed here (and logged at WARN).
 *
 * @param recordsRecovered records that passed their CRC
 * @param pending          of those, records not yet acknowledged, to be delivered again
 * @param damage           every damaged stretch found, in file order
 */
public record RecoveryReport(int recordsRecovered, int pending, List<Damage> damage) {

    /** Copies the list. */
    public RecoveryReport { damage = List.copyOf(damage); }

    /** Whether recovery found nothing wrong. */
    public boolean clean() { return damage.isEmpty(); }

    /** The kind of damage. */
    public enum Kind {
        /**
         * The file ends inside a record: the process or machine stopped mid-write, before the fsync, so
         * {@code send()} never returned for it. Expected after a crash.
         */
        TORN_TAIL,
        /** A complete record whose CRC does not match: the disk or something else changed bytes after the write. */
        CORRUPT
    }

    /**
     * One damaged stretch of a segment file.
     *
     * @param segment     the segment file
     * @param offset      where the stretch starts
     * @param length      its length in bytes
     * @param kind        torn tail or corruption
     * @param quarantined where its bytes were copied
     */
    public record Damage(Path segment, long offset, long length, Kind kind, Path quarantined) { }
}
